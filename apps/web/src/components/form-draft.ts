// What a 填报表 looks like while a person types into it, and how it becomes the API's values.
import { ApiError } from '../api';
import type {
  FormField,
  FormValues,
  ReportForm,
  ScalarField,
  ScalarValue,
  TableRow,
} from '@cascade/contracts/report-form';

export type { FormField, FormValues, ReportForm, ScalarField } from '@cascade/contracts/report-form';

/** A subtree total as the API sums it: a number, each option's count, or the rows with their unit. */
export type FieldTotal = number | Record<string, number> | Array<TableRow & { unitName?: string }>;
export type FormTotals = Record<string, FieldTotal>;

/** A scalar as typed: text for numbers, texts and dates, the chosen options for a multiple choice. */
export type DraftScalar = string | string[];
export type DraftRow = Record<string, DraftScalar>;
export type DraftValue = DraftScalar | DraftRow[];
export type FormDraft = Record<string, DraftValue>;

export const isNumberField = (field: FormField | ScalarField) => field.type === 'integer' || field.type === 'decimal';

const numbers = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 6 });
/** 12,345.5 — numbers in tables and totals read with thousands separators. */
export const formatNumber = (value: number) => numbers.format(value);

function draftScalar(field: ScalarField, value: unknown): DraftScalar {
  if (field.type === 'multiple')
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value : '';
}

/** The draft of a form, from the values last reported (or empty). */
export function draftOf(form: ReportForm, values: FormValues | null): FormDraft {
  const draft: FormDraft = {};
  for (const field of form.fields) {
    const value = values?.[field.key];
    if (field.type === 'table')
      draft[field.key] = Array.isArray(value)
        ? (value as TableRow[]).map((row) =>
            Object.fromEntries(field.columns.map((c) => [c.key, draftScalar(c, row?.[c.key])])),
          )
        : [];
    else draft[field.key] = draftScalar(field, value);
  }
  return draft;
}

export function emptyRow(field: Extract<FormField, { type: 'table' }>): DraftRow {
  return Object.fromEntries(field.columns.map((c) => [c.key, c.type === 'multiple' ? [] : '']));
}

/**
 * A typed number as a number; anything else is sent as typed, so the API names what is wrong with
 * it in its own words rather than the page guessing.
 */
export function parseNumber(text: string): number | string {
  const plain = text.replace(/[,，\s]/g, '');
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(plain) ? Number(plain) : text.trim();
}

function scalarValue(field: ScalarField, draft: DraftScalar | undefined): ScalarValue | undefined {
  if (draft === undefined) return undefined;
  if (Array.isArray(draft)) return draft.length ? draft : undefined;
  if (!draft.trim()) return undefined;
  return isNumberField(field) ? parseNumber(draft) : draft.trim();
}

/** The values to send: empty inputs left out, empty table rows dropped. */
export function valuesOf(form: ReportForm, draft: FormDraft): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    const value = draft[field.key];
    if (field.type === 'table') {
      const rows = (Array.isArray(value) ? (value as DraftRow[]) : [])
        .map((row) => {
          const out: TableRow = {};
          for (const column of field.columns) {
            const cell = scalarValue(column, row[column.key]);
            if (cell !== undefined) out[column.key] = cell;
          }
          return out;
        })
        .filter((row) => Object.keys(row).length > 0);
      if (rows.length) values[field.key] = rows;
    } else {
      const scalar = scalarValue(field, value as DraftScalar | undefined);
      if (scalar !== undefined) values[field.key] = scalar;
    }
  }
  return values;
}

/** 无则报零: zero in every number, no table rows; texts, dates and choices stay as typed. */
export function zeroDraft(form: ReportForm, draft: FormDraft): FormDraft {
  const next = { ...draft };
  for (const field of form.fields) {
    if (isNumberField(field)) next[field.key] = '0';
    else if (field.type === 'table') next[field.key] = [];
  }
  return next;
}

/** A field's bounds and unit in words: 不少于 1 次，不超过 100 次. */
export function boundsText(field: FormField | ScalarField): string {
  const parts: string[] = [];
  if (isNumberField(field)) {
    const f = field as Extract<ScalarField, { type: 'integer' | 'decimal' }>;
    const unit = f.unit ?? '';
    if (f.min !== undefined) parts.push(`不少于 ${formatNumber(f.min)}${unit}`);
    if (f.max !== undefined) parts.push(`不超过 ${formatNumber(f.max)}${unit}`);
    if (f.type === 'integer') parts.push('填整数');
  } else if (field.type === 'text' && field.maxLength) parts.push(`不超过 ${field.maxLength} 字`);
  else if (field.type === 'table' && field.maxRows) parts.push(`最多 ${field.maxRows} 行`);
  return parts.join('，');
}

/** A subtree total as text: 1,234 人, 讲座 3、义诊 2, 共 5 行. */
export function totalText(field: FormField | ScalarField, total: FieldTotal | undefined): string {
  if (total === undefined) return '—';
  if (typeof total === 'number')
    return `${formatNumber(total)}${'unit' in field && field.unit ? ` ${field.unit}` : ''}`;
  if (Array.isArray(total)) return `共 ${total.length} 行`;
  const counts = Object.entries(total).filter(([, n]) => n > 0);
  return counts.length ? counts.map(([option, n]) => `${option} ${formatNumber(n)}`).join('、') : '无';
}

/** An own value as text for tables of figures. */
export function valueText(field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return field.type === 'table' ? `${value.length} 行` : value.join('、');
  return String(value);
}

export interface FieldErrors {
  /** Messages by path without its prefix: `activities`, `teams[0].name`, `totals.activities`, `explanation`. */
  byPath: Record<string, string>;
  /** Messages no field of the page shows. */
  rest: string[];
}

/** The API's 422 `fields`, by the path each input of the page shows its message under. */
export function fieldErrors(error: unknown, shown: (path: string) => boolean): FieldErrors {
  const result: FieldErrors = { byPath: {}, rest: [] };
  if (!(error instanceof ApiError)) return result;
  for (const { field, message } of error.fields) {
    const path = field.startsWith('values.') ? field.slice('values.'.length) : field;
    if (shown(path) && !result.byPath[path]) result.byPath[path] = message;
    else result.rest.push(message);
  }
  return result;
}
