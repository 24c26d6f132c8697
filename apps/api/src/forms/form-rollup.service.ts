import { Injectable } from '@nestjs/common';
import type { FormValues, ReportForm } from '@cascade/contracts';
import {
  addTotals,
  addValues,
  emptyTotals,
  type FormTotals,
  quotaShortfall,
  quotaStandings,
  rollupShape,
  type RollupShape,
  rollupTree,
  type RollupNode,
  type UnitRollup,
  updateRollup,
} from '@cascade/domain';
import {
  type AssignmentEntity,
  AssignmentsRepository,
  countedReports,
  type DirectiveEntity,
  DirectivesRepository,
  EventsRepository,
  type ReportFigures,
  ReportsRepository,
  type RollupTreeRow,
} from '@cascade/persistence';
import type { TreeView } from '../auth/access-rules';

/** One unit of a cascade with what it reported and what its subtree reported. */
export interface RollupRow {
  row: RollupTreeRow;
  /** 1 for the directive's own recipients, 2 for the units their forwards reached, … */
  level: number;
  /** The newest report that counts (a returned one does not), null when none. */
  report: ReportFigures | null;
  rollup: UnitRollup;
  /** For a recipient of a recurring directive's period that reported below the period's quotas: what falls short. */
  shortfall: string | null;
}

/**
 * A cascade's rows and counted reports as read at one stamp of its read model, with roll-ups per form;
 * only the fields a roll-up needs, since a township-scale cascade keeps ~45,000 of each.
 */
interface CachedTree {
  stamp: string;
  /** recorded_at of the newest event applied: changes are read from the 留痕 from a little before it. */
  position: number;
  rows: RollupTreeRow[];
  /** Position of each row in `rows` and `nodes`, by assignment id. */
  index: Map<string, number>;
  nodes: RollupNode[];
  shape: RollupShape;
  counted: Map<string, ReportFigures>;
  rollups: Map<string, { form: ReportForm; byUnit: Map<string, UnitRollup> }>;
}

/** Cascades whose trees are kept: the few being looked at; a township-scale one holds ~45,000 rows. */
const CACHED_TREES = 4;

/**
 * A transaction of the projector stamps its events when it starts and commits later, so changes are
 * read from this long before the newest one seen; applying a change twice does no harm.
 */
const RECORDING_SLACK_MS = 10_000;

/** More changed units than this since the last read: reading the whole tree again is cheaper. */
const MAX_CHANGES = 2_000;

/**
 * 逐级汇总 from the read model: every unit's newest counted values and the totals of its subtree, for
 * the assignment form page, the report check and the 汇总表.
 */
@Injectable()
export class FormRollupService {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly directives: DirectivesRepository,
    private readonly reports: ReportsRepository,
    private readonly events: EventsRepository,
  ) {}

  private readonly trees = new Map<string, CachedTree>();
  /** The refresh of each tree in progress: refreshes of one tree take turns, so none applies older rows over newer. */
  private readonly refreshing = new Map<string, Promise<CachedTree>>();

  private tree(rootDirectiveId: string): Promise<CachedTree> {
    const previous = this.refreshing.get(rootDirectiveId);
    const next = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.refresh(rootDirectiveId));
    this.refreshing.set(rootDirectiveId, next);
    const settle = () => {
      if (this.refreshing.get(rootDirectiveId) === next) this.refreshing.delete(rootDirectiveId);
    };
    next.then(settle, settle);
    return next;
  }

  /**
   * Every row and counted report under a top-level directive. Reading them is most of a roll-up's
   * cost at township scale (tens of thousands of rows), so they are kept while the tree's stamp (one
   * aggregate query) stays the same; when it moves, only the units the 留痕 names since are read again
   * and summed up their branch, and the whole tree only when that does not reach the same stamp.
   */
  private async refresh(rootDirectiveId: string): Promise<CachedTree> {
    // MySQL answers the sums as text: as numbers, the stamp compares with one computed from the rows.
    const stamp = (await this.assignments.treeStamp(rootDirectiveId)).split('/').map(Number).join('/');
    const cached = this.trees.get(rootDirectiveId);
    const tree = cached && (cached.stamp === stamp || (await this.catchUp(cached, stamp))) ? cached : null;
    const current = tree ?? (await this.read(rootDirectiveId));
    // Most recently used last: the first key is the one to evict.
    this.trees.delete(rootDirectiveId);
    this.trees.set(rootDirectiveId, current);
    while (this.trees.size > CACHED_TREES) this.trees.delete(this.trees.keys().next().value!);
    return current;
  }

  private async read(rootDirectiveId: string): Promise<CachedTree> {
    // Taken first: whatever is recorded while the rows are read is applied again on the next refresh.
    const position = await this.events.lastRecordedAt();
    const rows = await this.assignments.rollupRows(rootDirectiveId);
    const { nodes, counted } = await this.nodes(rows, await this.reports.figuresByRootDirective(rootDirectiveId));
    return {
      stamp: stampOf(rows),
      position,
      rows,
      index: new Map(rows.map((row, i) => [row.id, i])),
      nodes,
      shape: rollupShape(nodes),
      counted,
      rollups: new Map(),
    };
  }

  /**
   * Applies to the cached tree the units changed since its position; false when that cannot bring it
   * to `stamp` (units added by a forward, a change older than the slack, too many changes).
   */
  private async catchUp(tree: CachedTree, stamp: string): Promise<boolean> {
    if (Number(stamp.split('/')[0]) !== tree.rows.length) return false;
    const changes = await this.events.recordedSince(tree.position - RECORDING_SLACK_MS, MAX_CHANGES + 1);
    if (changes.length > MAX_CHANGES) return false;
    const ids = [...new Set(changes.map((c) => c.assignmentId).filter((id): id is string => tree.index.has(id!)))];
    const rows = await this.assignments.rollupRowsByIds(ids);
    const { nodes, counted } = await this.nodes(rows);
    rows.forEach((row, k) => {
      const i = tree.index.get(row.id)!;
      tree.rows[i] = row;
      tree.nodes[i] = nodes[k]!;
      tree.shape.nodes.set(row.id, nodes[k]!);
      const report = counted.get(row.id);
      if (report) tree.counted.set(row.id, report);
      else tree.counted.delete(row.id);
    });
    const changed = rows.map((row) => row.id);
    for (const { form, byUnit } of tree.rollups.values()) updateRollup(form, tree.shape, byUnit, changed);
    tree.position = Math.max(tree.position, ...changes.map((c) => c.recordedAt));
    tree.stamp = stampOf(tree.rows);
    return tree.stamp === stamp;
  }

  private rollupsOf(tree: CachedTree, form: ReportForm): Map<string, UnitRollup> {
    const key = JSON.stringify(form);
    let rollups = tree.rollups.get(key);
    if (!rollups) {
      rollups = { form, byUnit: rollupTree(form, tree.nodes) };
      tree.rollups.set(key, rollups);
    }
    return rollups.byUnit;
  }

  /** The form an assignment fills: its directive's. */
  async formOf(row: AssignmentEntity): Promise<ReportForm | null> {
    return this.directives.formOf(row.directiveId);
  }

  /** The form its subordinates fill (its forward's, with the fields it added), else its own. */
  async subtreeFormOf(row: AssignmentEntity): Promise<ReportForm | null> {
    const forwarded = row.forwardedDirectiveId ? await this.directives.findById(row.forwardedDirectiveId) : null;
    return forwarded?.form ?? (await this.formOf(row));
  }

  /** An assignment's own values in its newest report that counts, null when none. */
  async ownValues(row: AssignmentEntity): Promise<FormValues | null> {
    const { counted } = await this.nodes([row]);
    return counted.get(row.id)?.values ?? null;
  }

  /** The totals of everything below an assignment, over `form`, with how many units reported. */
  async subtreeOf(row: AssignmentEntity, form: ReportForm): Promise<UnitRollup> {
    return this.rollupsOf(await this.tree(row.rootDirectiveId), form).get(row.id)!;
  }

  /** Every unit under a directive the caller may see, top level first, down to `depth` levels. */
  async directiveRollup(
    directive: DirectiveEntity,
    view: TreeView,
    depth: number,
  ): Promise<{ form: ReportForm; rows: RollupRow[]; total: FormTotals } | null> {
    const form = directive.form;
    if (!form) return null;
    const tree = await this.tree(directive.rootDirectiveId);
    const { rows: all, counted } = tree;
    const rollups = this.rollupsOf(tree, form);
    const childrenOf = new Map<string, RollupTreeRow[]>();
    for (const row of all)
      if (row.parentAssignmentId) {
        const list = childrenOf.get(row.parentAssignmentId) ?? [];
        list.push(row);
        childrenOf.set(row.parentAssignmentId, list);
      }
    const tops = all.filter(
      (row) => row.directiveId === directive.id && (view.kind !== 'own' || row.unitCode === view.unitCode),
    );
    const visible = (row: RollupTreeRow) => view.kind !== 'subtree' || row.unitPath.startsWith(view.path);
    const quotas = await this.directives.periodQuotas(directive);
    const shortfall = (level: number, report: ReportFigures | null): string | null =>
      level === 1 && report && quotas.length
        ? quotaShortfall(quotaStandings(quotas, form, (report.values ?? null) as FormValues | null))
        : null;
    const rows: RollupRow[] = [];
    const visit = (row: RollupTreeRow, level: number) => {
      if (level > depth) return;
      if (visible(row)) {
        const report = counted.get(row.id) ?? null;
        rows.push({ row, level, report, rollup: rollups.get(row.id)!, shortfall: shortfall(level, report) });
      }
      for (const child of childrenOf.get(row.id) ?? []) visit(child, level + 1);
    };
    for (const top of tops) visit(top, 1);
    // The grand total: each visible top unit's own values and its subtree's totals.
    const total = emptyTotals(form);
    for (const top of tops) {
      const { own, subtree } = rollups.get(top.id)!;
      if (own) addValues(form, total, own, top.unitName);
      addTotals(form, total, subtree);
    }
    return { form, rows, total };
  }

  /** `reports`: every version of the rows' reports when already read, else read here. */
  private async nodes(
    rows: readonly RollupTreeRow[],
    reports?: ReportFigures[],
  ): Promise<{ nodes: RollupNode[]; counted: Map<string, ReportFigures> }> {
    const counted = countedReports(reports ?? (await this.reports.figuresByAssignments(rows.map((r) => r.id))));
    const nodes = rows.map((row) => ({
      id: row.id,
      parentId: row.parentAssignmentId,
      unitName: row.unitName,
      values: (counted.get(row.id)?.values ?? null) as FormValues | null,
    }));
    return { nodes, counted };
  }
}

/** What AssignmentsRepository.treeStamp answers for these rows. */
function stampOf(rows: readonly RollupTreeRow[]): string {
  let seq = 0;
  let updated = 0;
  for (const row of rows) {
    seq += row.lastSeq;
    updated = Math.max(updated, row.updatedAt);
  }
  return `${rows.length}/${seq}/${updated}`;
}
