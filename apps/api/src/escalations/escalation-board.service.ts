import { Injectable } from '@nestjs/common';
import type { EscalationRecord } from '@cascade/contracts';
import { parseDurationSpec } from '@cascade/domain';
import {
  type AssignmentEntity,
  AssignmentsRepository,
  DirectivesRepository,
  type EscalationEntity,
  EscalationsRepository,
  EventsRepository,
  UnitsRepository,
} from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { toIso } from '../common/instants';
import type {
  BoardHistoryEntryDto,
  BoardItemDto,
  BoardTotalDto,
  EscalationBoardDto,
  EscalationBoardQueryDto,
} from './escalation.dto';

/** Open escalations read for one board (most overdue first); an assignment has at most six. */
const ESCALATION_LIMIT = 1200;
/** Rows (units and documents) the board shows at most. */
const BOARD_ROWS = 200;
const DAY_MS = 86_400_000;

type Reason = EscalationRecord['reason'];

/** The workflow's rule for the least time between two 催办: working days count as whole days. */
export function urgeIntervalMs(spec: string | undefined): number {
  try {
    const duration = parseDurationSpec(spec ?? 'PT4H');
    return duration.kind === 'fixed' ? duration.ms : duration.days * DAY_MS;
  } catch {
    return 0;
  }
}

/** The escalation a row shows: the highest open level; at a tie the report deadline's ladder. */
function currentOf(open: readonly EscalationEntity[]): EscalationEntity {
  return [...open].sort(
    (a, b) => b.level - a.level || (a.reason === 'OVERDUE' ? -1 : 1) - (b.reason === 'OVERDUE' ? -1 : 1),
  )[0];
}

/** The time limit a reason is measured against: 签收时限 for 逾期未签收, 报送期限 for 逾期未报送. */
export function dueFor(reason: Reason, assignment: Pick<AssignmentEntity, 'ackDueAt' | 'deadline'>): number {
  return reason === 'NOT_ACKNOWLEDGED' ? assignment.ackDueAt : assignment.deadline;
}

/**
 * The 督办 board: one row per unit and document (assignment) with its current level, its history and when it
 * may be urged again; totals per region with 成员单位 apart; most overdue first.
 */
@Injectable()
export class EscalationBoardService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly escalations: EscalationsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly directives: DirectivesRepository,
    private readonly units: UnitsRepository,
    private readonly events: EventsRepository,
  ) {}

  async board(caller: Caller, query: EscalationBoardQueryDto, now = Date.now()): Promise<EscalationBoardDto> {
    const scope = await this.access.escalationScope(caller, query.under);
    const page = await this.escalations.list({
      ...scope,
      openOnly: true,
      directiveId: query.directive,
      limit: ESCALATION_LIMIT,
      offset: 0,
    });
    const openByAssignment = new Map<string, EscalationEntity[]>();
    for (const e of page.items)
      openByAssignment.set(e.assignmentId, [...(openByAssignment.get(e.assignmentId) ?? []), e]);
    const ids = [...openByAssignment.keys()];
    const [assignments, directives, history, children] = await Promise.all([
      this.assignments.byIds(ids),
      this.directives.byIds(page.items.map((e) => e.directiveId)),
      this.history(ids),
      this.units.childrenOf(caller.unitCode),
    ]);
    const regionOf = (unitPath: string, unitCode: string) => {
      const below = unitPath.startsWith(caller.unitPath) ? unitPath.slice(caller.unitPath.length) : '';
      return below.split('/').find(Boolean) ?? unitCode;
    };

    const rows: BoardItemDto[] = [];
    for (const [assignmentId, open] of openByAssignment) {
      const current = currentOf(open);
      if (query.level && current.level !== query.level) continue;
      const assignment = assignments.get(assignmentId);
      const directive = directives.get(current.directiveId);
      const issuerUnit = assignment?.issuerUnit ?? directive?.issuerUnit ?? '';
      const lastUrgedAt = assignment?.lastUrgedAt ?? null;
      const nextUrge = lastUrgedAt === null ? 0 : lastUrgedAt + urgeIntervalMs(directive?.policy.urgeInterval);
      const deadline = assignment?.deadline ?? current.firedAt;
      const ackDueAt = assignment?.ackDueAt ?? current.firedAt;
      rows.push({
        id: assignmentId,
        assignmentId,
        directiveId: current.directiveId,
        docNumber: directive?.docNumber ?? '',
        title: directive?.title ?? '',
        unitCode: current.unitCode,
        unitName: current.unitName,
        regionCode: regionOf(assignment?.unitPath ?? '', current.unitCode),
        issuerUnit,
        level: current.level,
        reason: current.reason,
        reasons: [...new Set(open.map((e) => e.reason))].sort(),
        status: assignment?.status ?? 'DELIVERED',
        deadline: toIso(deadline),
        ackDueAt: toIso(ackDueAt),
        dueAt: toIso(dueFor(current.reason, { deadline, ackDueAt })),
        firedAt: toIso(current.firedAt),
        urgeCount: assignment?.urgeCount ?? 0,
        lastUrgedAt: toIso(lastUrgedAt),
        nextUrgeAt: nextUrge > now ? toIso(nextUrge) : null,
        canUrge: caller.role === 'supervisor' || caller.role === 'admin' || issuerUnit === caller.unitCode,
        history: history.get(assignmentId) ?? [],
      });
    }
    rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || b.level - a.level || a.id.localeCompare(b.id));

    const regions = children.filter((u) => u.level !== 'member').map((u) => ({ code: u.code, name: u.name }));
    const members = children.filter((u) => u.level === 'member').map((u) => ({ code: u.code, name: u.name }));
    return {
      items: rows.slice(0, BOARD_ROWS),
      total: rows.length,
      regions,
      members,
      totals: totalsOf(rows, regions, members),
    };
  }

  /** Ladder steps and 催办 of each assignment, from the 留痕. */
  private async history(assignmentIds: string[]): Promise<Map<string, BoardHistoryEntryDto[]>> {
    const events = await this.events.byAssignments(assignmentIds, ['ESCALATED', 'ESCALATIONS_RESOLVED', 'URGED']);
    const byAssignment = new Map<string, BoardHistoryEntryDto[]>();
    const add = (id: string, entries: BoardHistoryEntryDto[]) =>
      byAssignment.set(id, [...(byAssignment.get(id) ?? []), ...entries]);
    for (const event of events) {
      if (!event.assignmentId) continue;
      const at = toIso(event.occurredAt);
      const payload = event.payload;
      if (event.type === 'ESCALATED') {
        const escalation = payload.escalation as Partial<EscalationRecord> | undefined;
        add(event.assignmentId, [{ kind: 'ESCALATED', at, level: escalation?.level, reason: escalation?.reason }]);
      } else if (event.type === 'ESCALATIONS_RESOLVED') {
        const levels = Array.isArray(payload.levels) ? (payload.levels as number[]) : [];
        const reason = typeof payload.reason === 'string' ? payload.reason : undefined;
        add(
          event.assignmentId,
          levels.map((level) => ({ kind: 'RESOLVED', at, level, ...(reason ? { reason } : {}) })),
        );
      } else {
        const note = typeof payload.note === 'string' ? payload.note : null;
        add(event.assignmentId, [{ kind: 'URGED', at, actorUnit: event.actor?.unitCode, note }]);
      }
    }
    return byAssignment;
  }
}

/** Per region, then per 成员单位, then any other unit that has rows (e.g. the caller's own). */
function totalsOf(
  rows: readonly BoardItemDto[],
  regions: readonly { code: string; name: string }[],
  members: readonly { code: string; name: string }[],
): BoardTotalDto[] {
  const totals = new Map<string, BoardTotalDto>();
  const blank = (code: string, name: string, member: boolean): BoardTotalDto => ({
    code,
    name,
    member,
    count: 0,
    level1: 0,
    level2: 0,
    level3: 0,
    notAcknowledged: 0,
    overdue: 0,
  });
  for (const r of regions) totals.set(r.code, blank(r.code, r.name, false));
  for (const m of members) totals.set(m.code, blank(m.code, m.name, true));
  for (const row of rows) {
    let total = totals.get(row.regionCode);
    if (!total) {
      total = blank(row.regionCode, row.regionCode === row.unitCode ? row.unitName : row.regionCode, false);
      totals.set(row.regionCode, total);
    }
    total.count += 1;
    if (row.level === 1) total.level1 += 1;
    else if (row.level === 2) total.level2 += 1;
    else total.level3 += 1;
    if (row.reasons.includes('NOT_ACKNOWLEDGED')) total.notAcknowledged += 1;
    if (row.reasons.includes('OVERDUE')) total.overdue += 1;
  }
  return [...totals.values()]
    .filter((t) => t.count > 0)
    .sort((a, b) => Number(a.member) - Number(b.member) || b.count - a.count);
}
