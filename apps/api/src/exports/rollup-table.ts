import type { FormField, FormValues, ReportForm } from '@cascade/contracts';
import { addTotals, addValues, emptyTotals, type FormTotals } from '@cascade/domain';

export type Cell = string | number | null;

/** What the heading rows of a 汇总表 name. */
export interface RollupHeading {
  docNumber: string;
  title: string;
  /** 制表单位: the caller's unit. */
  preparedBy: string;
  /** 制表时间 and 填报截止, already formatted (Asia/Shanghai). */
  preparedAt: string;
  deadline: string;
}

/** A unit of the roll-up in depth-first order: a unit, then every unit below it. */
export interface RollupTableUnit {
  unitName: string;
  level: number;
  reported: boolean;
  /** Below the period's quotas (未达标): the figures short of them. */
  shortfall?: string | null;
  values: FormValues | null;
  subtree: FormTotals;
}

export type RowKind = 'heading' | 'header' | 'unit' | 'subtotal' | 'total';
export interface TableRow {
  kind: RowKind;
  level: number;
  cells: Cell[];
}

const LEVEL_LABELS = ['', '一级', '二级', '三级', '四级', '五级', '六级', '七级', '八级'];
/** Full-width spaces: the indentation a CSV can show. */
const INDENT = '\u3000';

/** The columns of a form's 汇总表: level, unit, state, then one per field. */
export function rollupColumns(form: ReportForm): string[] {
  return ['层级', '单位', '报送情况', ...form.fields.map(columnTitle)];
}

function columnTitle(field: FormField): string {
  if ((field.type === 'integer' || field.type === 'decimal') && field.unit) return `${field.label}（${field.unit}）`;
  if (field.type === 'table') return `${field.label}（条）`;
  return field.label;
}

/**
 * The 汇总表's rows: heading rows, the column titles, one row per unit with its own values (未报 when it
 * has not reported), a 小计 after every unit with units below it (its own values and theirs), and the
 * 合计. Numbers stay numbers; choices and dates of a unit are shown as text.
 */
export function* rollupTableRows(
  heading: RollupHeading,
  form: ReportForm,
  units: Iterable<RollupTableUnit>,
  total: FormTotals,
): Generator<TableRow> {
  const columns = rollupColumns(form);
  const blank = (cells: Cell[]): Cell[] => [...cells, ...Array<Cell>(columns.length - cells.length).fill(null)];
  yield { kind: 'heading', level: 0, cells: blank([`${heading.title} 汇总表`]) };
  yield { kind: 'heading', level: 0, cells: blank(['文号', heading.docNumber, '填报截止', heading.deadline]) };
  yield { kind: 'heading', level: 0, cells: blank(['制表单位', heading.preparedBy, '制表时间', heading.preparedAt]) };
  yield { kind: 'header', level: 0, cells: columns };
  const open: Array<{ unit: RollupTableUnit; hasBelow: boolean }> = [];
  const closeTo = function* (level: number): Generator<TableRow> {
    while (open.length && open.at(-1)!.unit.level >= level) {
      const { unit, hasBelow } = open.pop()!;
      if (hasBelow) yield subtotalRow(form, unit);
    }
  };
  for (const unit of units) {
    yield* closeTo(unit.level);
    if (open.length) open.at(-1)!.hasBelow = true;
    open.push({ unit, hasBelow: false });
    yield {
      kind: 'unit',
      level: unit.level,
      cells: [
        LEVEL_LABELS[unit.level] ?? String(unit.level),
        `${INDENT.repeat(unit.level - 1)}${unit.unitName}`,
        reportState(unit),
        ...form.fields.map((field) => (unit.values ? ownCell(field, unit.values[field.key]) : null)),
      ],
    };
  }
  yield* closeTo(Number.NEGATIVE_INFINITY);
  yield { kind: 'total', level: 0, cells: [null, '合计', null, ...form.fields.map((f) => totalCell(f, total[f.key]))] };
}

/** 已报, 未报, or 已报（未达标：主题活动数 0/1） for a period's recipient below its quotas. */
function reportState(unit: RollupTableUnit): string {
  if (!unit.reported) return '未报';
  return unit.shortfall ? `已报（未达标：${unit.shortfall}）` : '已报';
}

function subtotalRow(form: ReportForm, unit: RollupTableUnit): TableRow {
  const sum = emptyTotals(form);
  if (unit.values) addValues(form, sum, unit.values, unit.unitName);
  addTotals(form, sum, unit.subtree);
  return {
    kind: 'subtotal',
    level: unit.level,
    cells: [
      LEVEL_LABELS[unit.level] ?? String(unit.level),
      `${INDENT.repeat(unit.level - 1)}${unit.unitName} 小计`,
      null,
      ...form.fields.map((f) => totalCell(f, sum[f.key])),
    ],
  };
}

function ownCell(field: FormField, value: FormValues[string] | undefined): Cell {
  if (value === undefined || value === null) return null;
  if (field.type === 'table') return Array.isArray(value) ? value.length : null;
  if (Array.isArray(value)) return value.join('、');
  return value as string | number;
}

function totalCell(field: FormField, total: FormTotals[string] | undefined): Cell {
  if (total === undefined) return null;
  if (typeof total === 'number') return total;
  if (Array.isArray(total)) return field.type === 'table' ? total.length : null;
  // Options: how many units chose each one.
  return Object.entries(total)
    .filter(([, count]) => count > 0)
    .map(([option, count]) => `${option}${count}`)
    .join('、');
}
