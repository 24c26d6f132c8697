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

/** A tree's nodes by id and each node's children in list order: the order every sum adds them in. */
export interface RollupShape {
  nodes: Map<string, RollupNode>;
  children: Map<string, string[]>;
}

/** Nodes whose parent is not in the list are roots. */
export function rollupShape(nodes: readonly RollupNode[]): RollupShape {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const children = new Map<string, string[]>();
  for (const node of nodes)
    if (node.parentId !== null && byId.has(node.parentId)) {
      const list = children.get(node.parentId) ?? [];
      list.push(node.id);
      children.set(node.parentId, list);
    }
  return { nodes: byId, children };
}

/**
 * Per unit of a tree: its own values and the totals of its subtree, in one pass from the leaves up.
 * Nodes whose parent is not in the list are roots.
 */
export function rollupTree(form: ReportForm, nodes: readonly RollupNode[]): Map<string, UnitRollup> {
  const shape = rollupShape(nodes);
  const result = new Map<string, UnitRollup>();
  // Iterative post-order: a township-scale tree is too wide for recursion to matter, but it costs nothing.
  const order: string[] = [];
  const stack = nodes.filter((n) => n.parentId === null || !shape.nodes.has(n.parentId)).map((n) => n.id);
  while (stack.length) {
    const id = stack.pop()!;
    order.push(id);
    stack.push(...(shape.children.get(id) ?? []));
  }
  for (let i = order.length - 1; i >= 0; i--) result.set(order[i]!, sumChildren(form, shape, result, order[i]!));
  return result;
}

/**
 * Re-sums `rollups` (in place) after the nodes `changed` took new values in `shape`: their own values,
 * then every ancestor from its children, deepest first. A change costs its depth times the children
 * of each unit above it, not the tree, and the sums come out exactly as rollupTree's.
 */
export function updateRollup(
  form: ReportForm,
  shape: RollupShape,
  rollups: Map<string, UnitRollup>,
  changed: Iterable<string>,
): void {
  const depthOf = new Map<string, number>();
  const pathUp = (id: string): string[] => {
    const path: string[] = [];
    for (let node = shape.nodes.get(id); node; node = node.parentId ? shape.nodes.get(node.parentId) : undefined)
      path.push(node.id);
    return path;
  };
  for (const id of changed) {
    const node = shape.nodes.get(id);
    const rollup = rollups.get(id);
    if (!node || !rollup) continue;
    rollups.set(id, { ...rollup, own: node.values });
    const path = pathUp(id);
    // path[k]'s depth is path.length - 1 - k; the changed unit itself needs only its own values.
    for (let k = 1; k < path.length; k++) depthOf.set(path[k]!, path.length - 1 - k);
  }
  const dirty = [...depthOf].sort((a, b) => b[1] - a[1]);
  for (const [id] of dirty) rollups.set(id, sumChildren(form, shape, rollups, id));
}

/** A unit's roll-up from its own values and its children's roll-ups, which must be complete. */
function sumChildren(form: ReportForm, shape: RollupShape, rollups: Map<string, UnitRollup>, id: string): UnitRollup {
  const mine: UnitRollup = { own: shape.nodes.get(id)!.values, subtree: emptyTotals(form), units: 0, reported: 0 };
  for (const childId of shape.children.get(id) ?? []) {
    const child = shape.nodes.get(childId)!;
    const below = rollups.get(childId)!;
    if (child.values) addValues(form, mine.subtree, child.values, child.unitName);
    addTotals(form, mine.subtree, below.subtree);
    mine.units += 1 + below.units;
    mine.reported += (child.values ? 1 : 0) + below.reported;
  }
  return mine;
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
