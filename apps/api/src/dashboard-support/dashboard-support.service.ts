import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AssignmentEntity, DirectiveEntity, type EventEntity, EventsRepository, UnitEntity, UnitsRepository } from '@cascade/persistence';
import { AccessPolicy } from '../access/access-policy.service';
import type { Caller } from '../auth/caller';
import { toIso } from '../common/instants';
import { assembleTree, type TreeNode } from '../directives/directive-tree';
import { ReadModelQueries } from '../read-model/read-model.queries';
import type { BoardItemDto, EscalationBoardDto, EscalationBoardQueryDto, MeDto, TimelineEventDto, UnitChildDto } from './dashboard-support.dto';

/** The board shows at most this many open escalations (most overdue first). */
const BOARD_LIMIT = 200;
/** The timeline keeps the newest events only. */
const TIMELINE_LIMIT = 500;
const DETAIL_MAX = 200;

const clip = (text: string) => (text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}…` : text);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A few words on what an event did, from its stored payload (the type-specific fields). */
export function eventDetail(type: string, payload: Record<string, unknown>): string | null {
  const nested = (key: string) => (payload[key] && typeof payload[key] === 'object' ? (payload[key] as Record<string, unknown>) : {});
  switch (type) {
    case 'DIRECTIVE_ISSUED':
      return str(nested('directive').docNumber);
    case 'ASSIGNMENT_FORWARDED':
      return str(nested('forward').docNumber);
    case 'REPORT_SUBMITTED': {
      const report = nested('report');
      return report.zeroReport === true ? '无则报零' : clip(str(report.content) ?? '');
    }
    case 'ESCALATED': {
      const level = nested('escalation').level;
      return typeof level === 'number' ? `第 ${level} 级` : null;
    }
    case 'DEADLINE_CHANGED':
      return typeof payload.deadline === 'number' ? toIso(payload.deadline) : null;
    case 'REPORT_RETURNED':
    case 'ASSIGNMENT_WITHDRAWN':
    case 'DIRECTIVE_WITHDRAWN':
      return str(payload.reason);
    case 'URGED':
      return str(payload.note);
    case 'FORWARD_FLAGGED':
      return str(payload.message);
    case 'AMENDMENT_RECEIVED':
    case 'DIRECTIVE_AMENDED':
      return str(payload.note);
    default:
      return null;
  }
}

function flatten(nodes: readonly TreeNode[], into: TreeNode[] = []): TreeNode[] {
  for (const node of nodes) {
    into.push(node);
    flatten(node.children, into);
  }
  return into;
}

/** Small reads the web dashboard needs: who am I, a unit's subordinates, a directive's timeline, the 督办 board. */
@Injectable()
export class DashboardSupportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessPolicy,
    private readonly reads: ReadModelQueries,
    private readonly units: UnitsRepository,
    private readonly events: EventsRepository,
  ) {}

  async me(caller: Caller): Promise<MeDto> {
    const unit = await this.units.findByCode(caller.unitCode);
    return { unitCode: caller.unitCode, unitName: unit?.name ?? caller.unitCode, unitLevel: unit?.level ?? null, role: caller.role };
  }

  async names(codes: readonly string[]): Promise<{ code: string; name: string }[]> {
    const units = await this.reads.unitsByCode(codes);
    return [...units.values()].map((unit) => ({ code: unit.code, name: unit.name }));
  }

  /** Direct subordinates of a unit whose inbox the caller may open (its own, or under a supervisor). */
  async children(caller: Caller, code: string): Promise<UnitChildDto[]> {
    const unit = await this.access.inboxUnit(caller, code);
    const repository = this.dataSource.getRepository(UnitEntity);
    const children = await repository.find({ where: { parentCode: unit.code }, order: { code: 'ASC' } });
    const grandchildren = children.length
      ? await repository.createQueryBuilder('u').select('u.parentCode', 'parent').where({ parentCode: In(children.map((c) => c.code)) }).groupBy('u.parentCode').getRawMany<{ parent: string }>()
      : [];
    const withChildren = new Set(grandchildren.map((row) => row.parent));
    return children.map((child) => ({ code: child.code, name: child.name, level: child.level, hasChildren: withChildren.has(child.code) }));
  }

  /** The 留痕 of a directive and of the forwards below it, limited to the assignments the caller sees in its tree. */
  async timeline(caller: Caller, id: string): Promise<TimelineEventDto[]> {
    const { directive, view } = await this.access.readableDirective(caller, id);
    const issuerPath = directive.parentAssignmentId ? (await this.units.findByCode(directive.issuerUnit))?.path : undefined;
    const tree = assembleTree(await this.reads.treeRows(directive.rootDirectiveId, issuerPath), directive.id, view);
    const nodes = flatten(tree.nodes);
    const visible = new Set(nodes.map((node) => node.assignmentId));
    const directiveIds = [directive.id, ...nodes.flatMap((node) => (node.forwardedDirectiveId ? [node.forwardedDirectiveId] : []))];
    const rows: EventEntity[] = [];
    for (const directiveId of new Set(directiveIds)) rows.push(...(await this.events.byDirective(directiveId)));
    const shown = rows
      .filter((row) => (row.assignmentId === null ? row.directiveId === directive.id || view.kind === 'all' : visible.has(row.assignmentId)))
      .sort((a, b) => a.occurredAt - b.occurredAt || a.recordedAt - b.recordedAt || a.seq - b.seq)
      .slice(-TIMELINE_LIMIT);
    return shown.map((row) => {
      const snapshot = (row.payload.snapshot ?? null) as { unitCode?: string; unitName?: string } | null;
      return {
        id: row.id,
        type: row.type,
        occurredAt: toIso(row.occurredAt),
        directiveId: row.directiveId,
        assignmentId: row.assignmentId,
        unitCode: snapshot?.unitCode ?? null,
        unitName: snapshot?.unitName ?? null,
        actorUnit: row.actor?.unitCode ?? null,
        actorRole: row.actor?.role ?? null,
        detail: eventDetail(row.type, row.payload),
      };
    });
  }

  /** Open escalations in the caller's reach, most overdue first, with what the board shows of each. */
  async board(caller: Caller, query: EscalationBoardQueryDto): Promise<EscalationBoardDto> {
    const scope = await this.access.escalationScope(caller, query.under);
    const page = await this.reads.escalations({ ...scope, openOnly: true, directiveId: query.directive, limit: BOARD_LIMIT, offset: 0 });
    const escalations = query.level ? page.items.filter((e) => e.level === query.level) : page.items;
    const assignmentIds = [...new Set(escalations.map((e) => e.assignmentId))];
    const directiveIds = [...new Set(escalations.map((e) => e.directiveId))];
    const assignments = new Map(
      (assignmentIds.length ? await this.dataSource.getRepository(AssignmentEntity).findBy({ id: In(assignmentIds) }) : []).map((a) => [a.id, a]),
    );
    const directives = new Map(
      (directiveIds.length ? await this.dataSource.getRepository(DirectiveEntity).findBy({ id: In(directiveIds) }) : []).map((d) => [d.id, d]),
    );
    const regionOf = (unitPath: string, unitCode: string) => {
      const below = unitPath.startsWith(caller.unitPath) ? unitPath.slice(caller.unitPath.length) : '';
      return below.split('/').find(Boolean) ?? unitCode;
    };
    const items: BoardItemDto[] = escalations.map((e) => {
      const assignment = assignments.get(e.assignmentId);
      const directive = directives.get(e.directiveId);
      const issuerUnit = assignment?.issuerUnit ?? directive?.issuerUnit ?? '';
      return {
        id: e.id,
        assignmentId: e.assignmentId,
        directiveId: e.directiveId,
        docNumber: directive?.docNumber ?? '',
        title: directive?.title ?? '',
        unitCode: e.unitCode,
        unitName: e.unitName,
        regionCode: regionOf(assignment?.unitPath ?? '', e.unitCode),
        issuerUnit,
        level: e.level,
        assignmentLevel: assignment?.escalationLevel ?? e.level,
        reason: e.reason,
        status: assignment?.status ?? 'DELIVERED',
        deadline: toIso(assignment?.deadline ?? e.firedAt),
        firedAt: toIso(e.firedAt),
        canUrge: caller.role === 'supervisor' || caller.role === 'admin' || issuerUnit === caller.unitCode,
      };
    });
    const regions = await this.dataSource.getRepository(UnitEntity).find({ where: { parentCode: caller.unitCode }, order: { code: 'ASC' } });
    return { items, total: page.total, regions: regions.map((r) => ({ code: r.code, name: r.name })) };
  }
}
