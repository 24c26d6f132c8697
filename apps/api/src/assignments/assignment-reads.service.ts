import { Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { type AssignmentStatus, assignmentStateQuery, type Actor } from '@cascade/contracts';
import { parseDurationSpec } from '@cascade/domain/deadlines/duration-spec';
import {
  type AssignmentEntity,
  AssignmentsRepository,
  DirectivesRepository,
  type EventEntity,
  EventsRepository,
  ExtensionRequestsRepository,
  INBOX_STATUSES,
  UnitsRepository,
} from '@cascade/persistence';
import { operationProblem } from '../auth/access-rules';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { toIso } from '../common/instants';
import { deadlineWindow } from '../common/deadline-range.dto';
import { pageWindow } from '../common/paging.dto';
import {
  ASSIGNMENT_OPERATIONS,
  type AssignmentBox,
  type AssignmentDetailDto,
  type AssignmentListItemDto,
  type AssignmentPageDto,
  type ExtensionRequestItemDto,
  type ListAssignmentsQueryDto,
  type ListExtensionRequestsQueryDto,
  type UrgeRecordDto,
} from './assignment-list.dto';
import { toAssignmentStateDto } from './assignment-state.view';

const BOX_STATUSES: Record<AssignmentBox, readonly AssignmentStatus[]> = {
  todo: INBOX_STATUSES,
  done: ['REPORTED'],
  closed: ['ACCEPTED'],
};
const BOX_ORDER = { todo: 'deadline', done: 'reportedAt', closed: 'acceptedAt' } as const;

const DAY_MS = 86_400_000;

/** The reads of a unit's daily work: its lists, one assignment's 处理笺, the 延期申请 it decides. */
@Injectable()
export class AssignmentReadsService {
  private readonly logger = new Logger(AssignmentReadsService.name);

  constructor(
    private readonly client: Client,
    private readonly access: AccessPolicy,
    private readonly assignments: AssignmentsRepository,
    private readonly directives: DirectivesRepository,
    private readonly events: EventsRepository,
    private readonly units: UnitsRepository,
    private readonly extensionRequests: ExtensionRequestsRepository,
  ) {}

  async list(caller: Caller, query: ListAssignmentsQueryDto): Promise<AssignmentPageDto> {
    const box = query.box ?? 'todo';
    const inBox = BOX_STATUSES[box];
    const page = await this.assignments.list({
      unitCode: caller.unitCode,
      statuses: query.status ? inBox.filter((status) => status === query.status) : inBox,
      q: query.q?.trim() || undefined,
      ...deadlineWindow(query),
      order: BOX_ORDER[box],
      ...pageWindow(query),
    });
    const urges = await this.urgesOf(page.items.map((item) => item.row.id));
    return {
      items: page.items.map(({ row, docNumber, title }) => {
        const own = urges.get(row.id) ?? [];
        return { ...listItem(row, docNumber, title), lastUrge: own[own.length - 1] ?? null };
      }),
      total: page.total,
    };
  }

  async detail(caller: Caller, id: string): Promise<AssignmentDetailDto> {
    const row = await this.access.readableAssignment(caller, id);
    const [directive, issuer, children, urges, state] = await Promise.all([
      this.directives.findById(row.directiveId),
      this.units.findByCode(row.issuerUnit),
      this.units.childrenOf(row.unitCode),
      this.urgesOf([row.id]).then((byId) => byId.get(row.id) ?? []),
      this.stateOf(row),
    ]);
    const lastUrgedAt = state?.urges?.lastAt ?? row.lastUrgedAt;
    const interval = state ? intervalMs(state.policy.urgeInterval) : intervalMs(undefined);
    const nextUrgeAt = lastUrgedAt === null || lastUrgedAt === undefined ? null : lastUrgedAt + interval;
    return {
      ...listItem(row, directive?.docNumber ?? null, directive?.title ?? null),
      lastUrge: urges[urges.length - 1] ?? null,
      unitName: row.unitName,
      issuerName: issuer?.name ?? row.issuerUnit,
      parentAssignmentId: row.parentAssignmentId,
      forwardedDirectiveId: row.forwardedDirectiveId,
      hasSubordinates: children.length > 0,
      allowedOperations: ASSIGNMENT_OPERATIONS.filter((operation) => !operationProblem(caller, row, operation)),
      urges,
      nextUrgeAt: nextUrgeAt !== null && nextUrgeAt > Date.now() ? toIso(nextUrgeAt) : null,
      state: state ? toAssignmentStateDto(state) : null,
    };
  }

  async extensionRequestsToDecide(
    caller: Caller,
    query: ListExtensionRequestsQueryDto,
  ): Promise<ExtensionRequestItemDto[]> {
    const rows = await this.extensionRequests.forIssuer(caller.unitCode, {
      directiveId: query.directiveId,
      status: query.status ?? 'PENDING',
    });
    const assignments = await this.assignments.byIds(rows.map((row) => row.assignmentId));
    return rows.map((row) => ({
      id: row.id,
      assignmentId: row.assignmentId,
      directiveId: row.directiveId,
      unitCode: row.unitCode,
      unitName: row.unitName,
      requestedDeadline: toIso(row.requestedDeadline),
      currentDeadline: toIso(assignments.get(row.assignmentId)?.deadline ?? null),
      reason: row.reason,
      requestedAt: toIso(row.requestedAt),
      status: row.status,
      decisionNote: row.decisionNote,
    }));
  }

  /** The workflow's own state; null when it has ended and Temporal no longer keeps it. */
  private async stateOf(row: AssignmentEntity) {
    try {
      return await this.client.workflow.getHandle(row.id).query(assignmentStateQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) this.logger.warn(`state of ${row.id}: ${String(error)}`);
      return null;
    }
  }

  /** Every 催办 of these assignments, oldest first, with the urging unit's name. */
  private async urgesOf(assignmentIds: string[]): Promise<Map<string, UrgeRecordDto[]>> {
    const events = await this.events.byAssignments(assignmentIds, ['URGED']);
    const names = await this.units.byCodes([...new Set(events.flatMap((e) => (e.actor ? [e.actor.unitCode] : [])))]);
    const byAssignment = new Map<string, UrgeRecordDto[]>();
    for (const event of events) {
      if (!event.assignmentId) continue;
      const list = byAssignment.get(event.assignmentId) ?? [];
      list.push(urgeRecord(event, names));
      byAssignment.set(event.assignmentId, list);
    }
    return byAssignment;
  }
}

function urgeRecord(event: EventEntity, names: Map<string, { name: string }>): UrgeRecordDto {
  const actor: Actor | null = event.actor;
  const note = event.payload.note;
  return {
    at: toIso(event.occurredAt),
    by: actor,
    unitName: actor ? (names.get(actor.unitCode)?.name ?? actor.unitCode) : null,
    note: typeof note === 'string' && note !== '' ? note : null,
  };
}

/** The least time between two 催办, as the assignment machine counts it (working days as whole days). */
function intervalMs(spec: string | undefined): number {
  const duration = parseDurationSpec(spec ?? 'PT4H');
  return duration.kind === 'fixed' ? duration.ms : duration.days * DAY_MS;
}

function listItem(
  row: AssignmentEntity,
  docNumber: string | null,
  title: string | null,
): Omit<AssignmentListItemDto, 'lastUrge'> {
  return {
    id: row.id,
    directiveId: row.directiveId,
    docNumber,
    title,
    unitCode: row.unitCode,
    issuerUnit: row.issuerUnit,
    status: row.status,
    deadline: toIso(row.deadline),
    ackDueAt: toIso(row.ackDueAt),
    reportedAt: toIso(row.reportedAt),
    acceptedAt: toIso(row.acceptedAt),
    overdue: row.overdue,
    escalationLevel: row.escalationLevel,
    urgeCount: row.urgeCount,
  };
}
