import type { FormField, FormValues, ReportForm, ScalarValue, TableRow } from '@cascade/contracts';

/** The 汇总 of one field: a number's sum, each option's count, or the table's rows with the unit column. */
export type FieldTotal = number | Record<string, number> | UnitTableRow[];
export type UnitTableRow = TableRow & { unitName: string };
export type FormTotals = Record<string, FieldTotal>;

/** One unit in a tree of assignments: its own last values (null when it has not reported). */
export interface RollupNode {
  id: string;
  parentId: string | null;
  unitName: string;
  values: FormValues | null;
}

export interface UnitRollup {
  /** The unit's own values, null when not reported. */
  own: FormValues | null;
  /** The sum of every unit below it (its own values excluded). */
  subtree: FormTotals;
  /** Units below it, and how many of them have reported. */
  units: number;
  reported: number;
}

/** Totals of nothing: zero for numbers, zero counts, no rows; text and dates are not summed. */
export function emptyTotals(form: ReportForm): FormTotals {
  const totals: FormTotals = {};
  for (const field of form.fields) {
    if (field.type === 'integer' || field.type === 'decimal') totals[field.key] = 0;
    else if (field.type === 'single' || field.type === 'multiple')
      totals[field.key] = Object.fromEntries(field.options.map((o) => [o, 0]));
    else if (field.type === 'table') totals[field.key] = [];
  }
  return totals;
}

/** Adds one unit's own values into `totals` (in place); keys the form does not have are ignored. */
export function addValues(form: ReportForm, totals: FormTotals, values: FormValues, unitName: string): void {
  for (const field of form.fields) addField(field, totals, values[field.key], unitName);
}

/** Adds totals of a part of the tree into `totals` (in place). */
export function addTotals(form: ReportForm, totals: FormTotals, part: FormTotals): void {
  for (const field of form.fields) {
    const into = totals[field.key];
    const from = part[field.key];
    if (into === undefined || from === undefined) continue;
    if (typeof into === 'number' && typeof from === 'number') totals[field.key] = round(field, into + from);
    else if (Array.isArray(into) && Array.isArray(from)) into.push(...from);
    else if (typeof into === 'object' && !Array.isArray(into) && typeof from === 'object' && !Array.isArray(from))
      for (const [option, count] of Object.entries(from)) into[option] = (into[option] ?? 0) + count;
  }
}

function addField(field: FormField, totals: FormTotals, value: ScalarValue | TableRow[] | undefined, unitName: string) {
  const total = totals[field.key];
  if (value === undefined || value === null || total === undefined) return;
  if (typeof total === 'number') {
    if (typeof value === 'number') totals[field.key] = round(field, total + value);
  } else if (Array.isArray(total)) {
    if (Array.isArray(value)) for (const row of value) if (isRow(row)) total.push({ unitName, ...row });
  } else {
    const chosen = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const option of chosen) if (typeof option === 'string' && option in total) total[option]! += 1;
  }
}

function isRow(value: unknown): value is TableRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sums stay exact to the field's scale, so 0.1 + 0.2 is 0.3 in a 汇总表. */
function round(field: FormField, value: number): number {
  if (field.type !== 'decimal') return value;
  const factor = 10 ** (field.scale ?? 2);
  return Math.round(value * factor) / factor;
}

/**
 * Per unit of a tree: its own values and the totals of its subtree, in one pass from the leaves up.
 * Nodes whose parent is not in the list are roots.
 */
export function rollupTree(form: ReportForm, nodes: readonly RollupNode[]): Map<string, UnitRollup> {
  const result = new Map<string, UnitRollup>();
  const children = new Map<string, RollupNode[]>();
  for (const node of nodes) {
    result.set(node.id, { own: node.values, subtree: emptyTotals(form), units: 0, reported: 0 });
  }
  for (const node of nodes)
    if (node.parentId !== null && result.has(node.parentId)) {
      const list = children.get(node.parentId) ?? [];
      list.push(node);
      children.set(node.parentId, list);
    }
  // Iterative post-order: a township-scale tree is too deep for nothing, but too wide for recursion to matter.
  const order: RollupNode[] = [];
  const stack = nodes.filter((n) => n.parentId === null || !result.has(n.parentId));
  while (stack.length) {
    const node = stack.pop()!;
    order.push(node);
    stack.push(...(children.get(node.id) ?? []));
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    if (node.parentId === null || !result.has(node.parentId)) continue;
    const mine = result.get(node.id)!;
    const parent = result.get(node.parentId)!;
    if (node.values) addValues(form, parent.subtree, node.values, node.unitName);
    addTotals(form, parent.subtree, mine.subtree);
    parent.units += 1 + mine.units;
    parent.reported += (node.values ? 1 : 0) + mine.reported;
  }
  return result;
}

/** The numeric fields whose reported subtree total differs from the computed one, by label. */
export function differingTotals(form: ReportForm, reported: FormValues, computed: FormTotals): string[] {
  const labels: string[] = [];
  for (const field of form.fields) {
    if (field.type !== 'integer' && field.type !== 'decimal') continue;
    const value = reported[field.key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || Math.abs(value - ((computed[field.key] as number | undefined) ?? 0)) > 1e-9)
      labels.push(field.label);
  }
  return labels;
}
