import { Injectable } from '@nestjs/common';
import type { FormValues, ReportForm } from '@cascade/contracts';
import { type FormTotals, rollupTree, type RollupNode, type UnitRollup } from '@cascade/domain';
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
    const rows = await this.assignments.treeRows(row.rootDirectiveId);
    const { nodes } = await this.nodes(rows);
    return rollupTree(form, nodes).get(row.id)!;
  }

  /** Every unit under a directive the caller may see, top level first, down to `depth` levels. */
  async directiveRollup(
    directive: DirectiveEntity,
    view: TreeView,
    depth: number,
  ): Promise<{ form: ReportForm; rows: RollupRow[]; total: FormTotals } | null> {
    const form = directive.form;
    if (!form) return null;
    const all = await this.assignments.treeRows(directive.rootDirectiveId);
    const { nodes, counted } = await this.nodes(all);
    const rollups = rollupTree(form, nodes);
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
    // The grand total: the same roll-up under one virtual node above the visible top units.
    const topIds = new Set(tops.map((t) => t.id));
    const total = rollupTree(form, [
      { id: '', parentId: null, unitName: '', values: null },
      ...nodes.map((n) => (topIds.has(n.id) ? { ...n, parentId: '' } : n)),
    ]).get('')!.subtree;
    return { form, rows, total };
  }

  private async nodes(rows: AssignmentEntity[]): Promise<{ nodes: RollupNode[]; counted: Map<string, ReportEntity> }> {
    const counted = new Map<string, ReportEntity>();
    for (const report of await this.reports.byAssignments(rows.map((r) => r.id))) {
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
