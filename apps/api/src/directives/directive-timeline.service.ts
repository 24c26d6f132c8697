import { Injectable } from '@nestjs/common';
import { EventsRepository } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';
import { toIso } from '../common/instants';
import type { TreeNode } from './directive-tree';
import type { TimelineEventDto } from './directive.dto';
import { DirectivesService } from './directives.service';

/** The timeline keeps the newest events only. */
const TIMELINE_LIMIT = 500;
const DETAIL_MAX = 200;

const clip = (text: string) => (text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}…` : text);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A few words on what an event did, from its stored payload (the type-specific fields). */
export function eventDetail(type: string, payload: Record<string, unknown>): string | null {
  const nested = (key: string) =>
    payload[key] && typeof payload[key] === 'object' ? (payload[key] as Record<string, unknown>) : {};
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
      const { level, reason } = nested('escalation');
      if (typeof level !== 'number') return null;
      const why = reason === 'NOT_ACKNOWLEDGED' ? '未按时签收 · ' : reason === 'OVERDUE' ? '逾期未报送 · ' : '';
      return `${why}第 ${level} 级`;
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

/** 留痕: the events of a directive and of the forwards below it, as far as the caller sees its tree. */
@Injectable()
export class DirectiveTimelineService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly directives: DirectivesService,
    private readonly events: EventsRepository,
  ) {}

  async timeline(caller: Caller, id: string): Promise<TimelineEventDto[]> {
    const { directive, view } = await this.access.readableDirective(caller, id);
    const tree = await this.directives.treeOf(directive, view);
    const nodes = flatten(tree.nodes);
    const visible = new Set(nodes.map((node) => node.assignmentId));
    const directiveIds = [
      directive.id,
      ...nodes.flatMap((node) => (node.forwardedDirectiveId ? [node.forwardedDirectiveId] : [])),
    ];
    const rows = await this.events.byDirectives(directiveIds);
    const shown = rows
      .filter((row) =>
        row.assignmentId === null
          ? row.directiveId === directive.id || view.kind === 'all'
          : visible.has(row.assignmentId),
      )
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
        actorName: row.actor?.name ?? null,
        detail: eventDetail(row.type, row.payload),
      };
    });
  }
}
