import { FORM_FIELD_TYPES, FORM_UNITS, type FormField, type ReportForm } from '@cascade/contracts';

/** One thing wrong with a form or its values: the path of the field and a Chinese sentence naming it. */
export interface FormProblem {
  field: string;
  message: string;
}

const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_FIELDS = 100;
const MAX_OPTIONS = 100;

/** Problems of a form definition (empty when it is valid); `path` prefixes each problem's field. */
export function formDefinitionProblems(form: unknown, path = 'form'): FormProblem[] {
  if (!isObject(form) || !Array.isArray(form.fields))
    return [{ field: path, message: '填报表必须包含字段列表 fields' }];
  if (form.fields.length > MAX_FIELDS) return [{ field: `${path}.fields`, message: `填报表最多 ${MAX_FIELDS} 个字段` }];
  const problems: FormProblem[] = [];
  const keys = new Set<string>();
  form.fields.forEach((field, i) => {
    problems.push(...fieldProblems(field, `${path}.fields[${i}]`, true));
    if (isObject(field) && typeof field.key === 'string') {
      if (keys.has(field.key))
        problems.push({ field: `${path}.fields[${i}].key`, message: `字段标识 ${field.key} 重复` });
      keys.add(field.key);
    }
  });
  return problems;
}

function fieldProblems(field: unknown, path: string, tableAllowed: boolean): FormProblem[] {
  if (!isObject(field)) return [{ field: path, message: '字段定义必须是对象' }];
  const label = typeof field.label === 'string' && field.label.trim() ? field.label.trim() : null;
  const name = label ?? (typeof field.key === 'string' ? field.key : path);
  const problems: FormProblem[] = [];
  if (typeof field.key !== 'string' || !KEY.test(field.key))
    problems.push({ field: `${path}.key`, message: `字段“${name}”的标识须以字母开头，仅含字母、数字和下划线` });
  if (!label || label.length > 50)
    problems.push({ field: `${path}.label`, message: `字段“${name}”须有 1 至 50 字的名称` });
  if (field.required !== undefined && typeof field.required !== 'boolean')
    problems.push({ field: `${path}.required`, message: `字段“${name}”的 required 须为 true 或 false` });
  const type = field.type;
  if (
    typeof type !== 'string' ||
    !(FORM_FIELD_TYPES as readonly string[]).includes(type) ||
    (type === 'table' && !tableAllowed)
  ) {
    problems.push({
      field: `${path}.type`,
      message: tableAllowed
        ? `字段“${name}”的类型须为 integer、decimal、text、single、multiple、date 或 table 之一`
        : `表格“${name}”的列类型须为 integer、decimal、text、single、multiple 或 date 之一`,
    });
    return problems;
  }
  switch (type) {
    case 'integer':
    case 'decimal': {
      if (field.unit !== undefined && !(FORM_UNITS as readonly string[]).includes(field.unit as string))
        problems.push({ field: `${path}.unit`, message: `字段“${name}”的计量单位须为 ${FORM_UNITS.join('、')} 之一` });
      for (const bound of ['min', 'max'] as const)
        if (field[bound] !== undefined && (typeof field[bound] !== 'number' || !Number.isFinite(field[bound])))
          problems.push({
            field: `${path}.${bound}`,
            message: `字段“${name}”的${bound === 'min' ? '下限' : '上限'}须为数字`,
          });
      if (typeof field.min === 'number' && typeof field.max === 'number' && field.min > field.max)
        problems.push({ field: `${path}.min`, message: `字段“${name}”的下限不能大于上限` });
      if (
        field.scale !== undefined &&
        (!Number.isInteger(field.scale) || (field.scale as number) < 0 || (field.scale as number) > 6)
      )
        problems.push({ field: `${path}.scale`, message: `字段“${name}”的小数位数须为 0 至 6 的整数` });
      break;
    }
    case 'text':
      if (field.maxLength !== undefined && (!Number.isInteger(field.maxLength) || (field.maxLength as number) < 1))
        problems.push({ field: `${path}.maxLength`, message: `字段“${name}”的最大长度须为正整数` });
      break;
    case 'single':
    case 'multiple': {
      const options = field.options;
      if (!Array.isArray(options) || options.length === 0 || options.length > MAX_OPTIONS)
        problems.push({ field: `${path}.options`, message: `选择题“${name}”须有 1 至 ${MAX_OPTIONS} 个选项` });
      else if (options.some((o) => typeof o !== 'string' || !o.trim()))
        problems.push({ field: `${path}.options`, message: `选择题“${name}”的选项须为非空文字` });
      else if (new Set(options).size !== options.length)
        problems.push({ field: `${path}.options`, message: `选择题“${name}”的选项有重复` });
      break;
    }
    case 'table': {
      if (!Array.isArray(field.columns) || field.columns.length === 0) {
        problems.push({ field: `${path}.columns`, message: `表格“${name}”须至少有一列` });
        break;
      }
      const keys = new Set<string>();
      field.columns.forEach((column, j) => {
        problems.push(...fieldProblems(column, `${path}.columns[${j}]`, false));
        if (isObject(column) && typeof column.key === 'string') {
          if (keys.has(column.key))
            problems.push({ field: `${path}.columns[${j}].key`, message: `表格“${name}”的列标识 ${column.key} 重复` });
          keys.add(column.key);
        }
      });
      if (field.maxRows !== undefined && (!Number.isInteger(field.maxRows) || (field.maxRows as number) < 1))
        problems.push({ field: `${path}.maxRows`, message: `表格“${name}”的最多行数须为正整数` });
      break;
    }
  }
  return problems;
}

/**
 * The form of a forward: every upstream field unchanged and in front, then the forwarding unit's own
 * additions marked as its own. Problems name an upstream field the proposal removes or changes.
 */
export function forwardForm(
  upstream: ReportForm | null,
  proposed: ReportForm | null | undefined,
  unitCode: string,
  path = 'form',
): { form: ReportForm | null; problems: FormProblem[] } {
  if (!proposed) return { form: upstream, problems: [] };
  const definition = formDefinitionProblems(proposed, path);
  if (definition.length) return { form: null, problems: definition };
  const inherited = upstream?.fields ?? [];
  const byKey = new Map(proposed.fields.map((f, i) => [f.key, { field: f, index: i }]));
  const problems: FormProblem[] = [];
  for (const field of inherited) {
    const found = byKey.get(field.key);
    if (!found) {
      problems.push({ field: `${path}.fields`, message: `不能删除上级填报表的字段“${field.label}”` });
      continue;
    }
    if (!sameField(found.field, field))
      problems.push({ field: `${path}.fields[${found.index}]`, message: `不能修改上级填报表的字段“${field.label}”` });
  }
  if (problems.length) return { form: null, problems };
  const inheritedKeys = new Set(inherited.map((f) => f.key));
  const added = proposed.fields
    .filter((f) => !inheritedKeys.has(f.key))
    .map((f) => ({ ...f, addedBy: unitCode }) as FormField);
  return { form: { fields: [...inherited, ...added] }, problems: [] };
}

function sameField(a: FormField, b: FormField): boolean {
  const { addedBy: _a, ...left } = a;
  const { addedBy: _b, ...right } = b;
  return canonical(left) === canonical(right);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
