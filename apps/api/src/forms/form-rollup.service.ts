import { Injectable } from '@nestjs/common';
import type { FormValues, ReportForm } from '@cascade/contracts';
import {
  addTotals,
  addValues,
  emptyTotals,
  type FormTotals,
  rollupTree,
  type RollupNode,
  type UnitRollup,
} from '@cascade/domain';
import {
  type AssignmentEntity,
  AssignmentsRepository,
  type DirectiveEntity,
  DirectivesRepository,
  type ReportEntity,
  ReportsRepository,
} from '@cascade/persistence';
import type { TreeView } from '../auth/access-rules';

/** One unit of a cascade with what it reported and what its subtree reported. */
export interface RollupRow {
  row: AssignmentEntity;
  /** 1 for the directive's own recipients, 2 for the units their forwards reached, … */
  level: number;
  /** The newest report that counts (a returned one does not), null when none. */
  report: ReportEntity | null;
  rollup: UnitRollup;
}

/** A cascade's rows and counted reports as read at one stamp of its read model, with roll-ups per form. */
interface CachedTree {
  stamp: string;
  rows: AssignmentEntity[];
  nodes: RollupNode[];
  counted: Map<string, ReportEntity>;
  rollups: Map<string, Map<string, UnitRollup>>;
}

/** Cascades whose trees are kept: the few being looked at; a township-scale one holds ~45,000 rows. */
const CACHED_TREES = 4;

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
  ) {}

  private readonly trees = new Map<string, CachedTree>();

  /**
   * Every row and counted report under a top-level directive. Reading them is most of a roll-up's
   * cost at township scale (tens of thousands of rows), so they are kept while the tree's stamp (one
   * aggregate query) stays the same: any projected change to an assignment makes it read again.
   */
  private async tree(rootDirectiveId: string): Promise<CachedTree> {
    const stamp = await this.assignments.treeStamp(rootDirectiveId);
    const cached = this.trees.get(rootDirectiveId);
    if (cached?.stamp === stamp) {
      // Most recently used last: the first key is the one to evict.
      this.trees.delete(rootDirectiveId);
      this.trees.set(rootDirectiveId, cached);
      return cached;
    }
    const rows = await this.assignments.treeRows(rootDirectiveId);
    const { nodes, counted } = await this.nodes(rows, await this.reports.byRootDirective(rootDirectiveId));
    const tree = { stamp, rows, nodes, counted, rollups: new Map() };
    this.trees.delete(rootDirectiveId);
    this.trees.set(rootDirectiveId, tree);
    while (this.trees.size > CACHED_TREES) this.trees.delete(this.trees.keys().next().value!);
    return tree;
  }

  private rollupsOf(tree: CachedTree, form: ReportForm): Map<string, UnitRollup> {
    const key = JSON.stringify(form);
    let rollups = tree.rollups.get(key);
    if (!rollups) {
      rollups = rollupTree(form, tree.nodes);
      tree.rollups.set(key, rollups);
    }
    return rollups;
  }

  /** The form an assignment fills: its directive's. */
  async formOf(row: AssignmentEntity): Promise<ReportForm | null> {
    return (await this.directives.findById(row.directiveId))?.form ?? null;
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
    const childrenOf = new Map<string, AssignmentEntity[]>();
    for (const row of all)
      if (row.parentAssignmentId) {
        const list = childrenOf.get(row.parentAssignmentId) ?? [];
        list.push(row);
        childrenOf.set(row.parentAssignmentId, list);
      }
    const tops = all.filter(
      (row) => row.directiveId === directive.id && (view.kind !== 'own' || row.unitCode === view.unitCode),
    );
    const visible = (row: AssignmentEntity) => view.kind !== 'subtree' || row.unitPath.startsWith(view.path);
    const rows: RollupRow[] = [];
    const visit = (row: AssignmentEntity, level: number) => {
      if (level > depth) return;
      if (visible(row)) rows.push({ row, level, report: counted.get(row.id) ?? null, rollup: rollups.get(row.id)! });
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
    rows: AssignmentEntity[],
    reports?: ReportEntity[],
  ): Promise<{ nodes: RollupNode[]; counted: Map<string, ReportEntity> }> {
    const counted = new Map<string, ReportEntity>();
    for (const report of reports ?? (await this.reports.byAssignments(rows.map((r) => r.id)))) {
      // Versions come oldest first: the newest one decides, and a returned one counts for nothing.
      if (report.status === 'RETURNED') counted.delete(report.assignmentId);
      else counted.set(report.assignmentId, report);
    }
    const nodes = rows.map((row) => ({
      id: row.id,
      parentId: row.parentAssignmentId,
      unitName: row.unitName,
      values: (counted.get(row.id)?.values ?? null) as FormValues | null,
    }));
    return { nodes, counted };
  }
}
