import type { FormField, FormValues, ReportForm, ScalarField } from '@cascade/contracts';
import { isObject, type FormProblem } from './form-definition';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEFAULT_TEXT_MAX = 2000;
const DEFAULT_MAX_ROWS = 500;

/**
 * Problems of filled values against a form (empty when they are valid); each names the field by its
 * label. Keys the form does not have are refused, so nothing unasked is stored.
 */
export function formValueProblems(form: ReportForm, values: unknown, path = 'values'): FormProblem[] {
  if (!isObject(values)) return [{ field: path, message: '填报数据必须是以字段标识为键的对象' }];
  const problems: FormProblem[] = [];
  const known = new Set(form.fields.map((f) => f.key));
  for (const key of Object.keys(values))
    if (!known.has(key)) problems.push({ field: `${path}.${key}`, message: `填报表没有字段 ${key}` });
  for (const field of form.fields) {
    const value = values[field.key];
    const at = `${path}.${field.key}`;
    if (field.type === 'table') problems.push(...tableProblems(field, value, at));
    else problems.push(...scalarProblems(field, value, at, field.label));
  }
  return problems;
}

function tableProblems(field: Extract<FormField, { type: 'table' }>, value: unknown, at: string): FormProblem[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
    return field.required ? [{ field: at, message: `请填写“${field.label}”（至少一行）` }] : [];
  if (!Array.isArray(value)) return [{ field: at, message: `“${field.label}”须为行的列表` }];
  const maxRows = field.maxRows ?? DEFAULT_MAX_ROWS;
  if (value.length > maxRows) return [{ field: at, message: `“${field.label}”最多 ${maxRows} 行` }];
  const problems: FormProblem[] = [];
  const known = new Set(field.columns.map((c) => c.key));
  value.forEach((row, i) => {
    const rowAt = `${at}[${i}]`;
    if (!isObject(row)) {
      problems.push({ field: rowAt, message: `“${field.label}”第 ${i + 1} 行须为对象` });
      return;
    }
    for (const key of Object.keys(row))
      if (!known.has(key)) problems.push({ field: `${rowAt}.${key}`, message: `“${field.label}”没有列 ${key}` });
    for (const column of field.columns)
      problems.push(
        ...scalarProblems(
          column,
          row[column.key],
          `${rowAt}.${column.key}`,
          `“${field.label}”第 ${i + 1} 行的${column.label}`,
        ),
      );
  });
  return problems;
}

function scalarProblems(field: ScalarField, value: unknown, at: string, name: string): FormProblem[] {
  const quoted = name.startsWith('“') ? name : `“${name}”`;
  const problem = (message: string): FormProblem[] => [{ field: at, message }];
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
    return field.required ? problem(`请填写${quoted}`) : [];
  switch (field.type) {
    case 'integer':
    case 'decimal': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return problem(`${quoted}须为数字`);
      if (field.type === 'integer' && !Number.isInteger(value)) return problem(`${quoted}须为整数`);
      const scale = field.scale ?? 2;
      if (field.type === 'decimal' && Math.abs(Math.round(value * 10 ** scale) - value * 10 ** scale) > 1e-6)
        return problem(`${quoted}最多保留 ${scale} 位小数`);
      const unit = field.unit ?? '';
      if (field.min !== undefined && value < field.min) return problem(`${quoted}不能小于 ${field.min}${unit}`);
      if (field.max !== undefined && value > field.max) return problem(`${quoted}不能大于 ${field.max}${unit}`);
      return [];
    }
    case 'text': {
      if (typeof value !== 'string') return problem(`${quoted}须为文字`);
      const max = field.maxLength ?? DEFAULT_TEXT_MAX;
      return [...value].length > max ? problem(`${quoted}不能超过 ${max} 字`) : [];
    }
    case 'single':
      if (typeof value !== 'string' || !field.options.includes(value))
        return problem(`${quoted}须为以下选项之一：${field.options.join('、')}`);
      return [];
    case 'multiple':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !field.options.includes(v)))
        return problem(`${quoted}须为以下选项中的若干项：${field.options.join('、')}`);
      if (new Set(value).size !== value.length) return problem(`${quoted}的选项有重复`);
      return [];
    case 'date': {
      const match = typeof value === 'string' ? DATE.exec(value) : null;
      if (!match) return problem(`${quoted}须为日期，格式如 2026-12-01`);
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
        return problem(`${quoted}不是有效日期`);
      return [];
    }
  }
}

/** 无则报零: zero for every number, nothing for the rest (a required text or choice still needs filling). */
export function zeroValues(form: ReportForm): FormValues {
  const values: FormValues = {};
  for (const field of form.fields) {
    if (field.type === 'integer' || field.type === 'decimal') values[field.key] = 0;
    else if (field.type === 'table') values[field.key] = [];
  }
  return values;
}

/** The values of a 无则报零 report: the given ones, with zero for every number left out. */
export function withZeros(form: ReportForm, values: FormValues | undefined): FormValues {
  const zeros = zeroValues(form);
  const filled: FormValues = { ...zeros };
  for (const [key, value] of Object.entries(values ?? {}))
    if (value !== null && value !== undefined) filled[key] = value;
  return filled;
}

/**
 * The form a 无则报零 report is checked against: nothing is required and zero is allowed below a
 * quota's minimum, as there is nothing to report.
 */
export function zeroReportForm(form: ReportForm): ReportForm {
  return {
    fields: form.fields.map((f) =>
      (f.type === 'integer' || f.type === 'decimal') && f.min !== undefined && f.min > 0
        ? { ...f, required: false, min: 0 }
        : { ...f, required: false },
    ),
  };
}
