import { BadRequestException, HttpStatus } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { FieldError } from './api-error';

type Template = (field: string, args: unknown[], each: boolean) => string;

const listOf = (values: unknown) => (Array.isArray(values) ? values.map(String).join('、') : String(values));
const itemOf = (field: string, each: boolean) => (each ? `${field} 的每一项` : `${field} `);

/** Chinese text of each class-validator constraint, naming the field and the bound it broke. */
const TEMPLATES: Record<string, Template> = {
  isString: (f, _, each) => `${itemOf(f, each)}必须是字符串`,
  isNotEmpty: (f) => `${f} 不能为空`,
  isDefined: (f) => `缺少必填字段 ${f}`,
  maxLength: (f, [max], each) => `${itemOf(f, each)}最多 ${String(max)} 个字符`,
  minLength: (f, [min], each) => `${itemOf(f, each)}至少 ${String(min)} 个字符`,
  isArray: (f) => `${f} 必须是数组`,
  arrayNotEmpty: (f) => `${f} 至少要有一项`,
  arrayMinSize: (f, [min]) => `${f} 至少要有 ${String(min)} 项`,
  arrayMaxSize: (f, [max]) => `${f} 最多 ${String(max)} 项`,
  arrayUnique: (f) => `${f} 不能有重复项`,
  isIn: (f, [values]) => `${f} 必须是以下之一：${listOf(values)}`,
  isEnum: (f, [values]) => `${f} 必须是以下之一：${listOf(Object.values(values as object))}`,
  isInt: (f, _, each) => `${itemOf(f, each)}必须是整数`,
  isNumber: (f) => `${f} 必须是数字`,
  min: (f, [min]) => `${f} 不能小于 ${String(min)}`,
  max: (f, [max]) => `${f} 不能大于 ${String(max)}`,
  isBoolean: (f) => `${f} 必须是 true 或 false`,
  isObject: (f, _, each) => `${itemOf(f, each)}必须是对象`,
  isIso8601: (f) => `${f} 必须是带时区的 ISO 8601 时间，例如 2024-11-20T18:00:00+08:00`,
  isDateString: (f) => `${f} 必须是有效日期（YYYY-MM-DD）`,
  isDate: (f, _, each) => `${itemOf(f, each)}必须是有效日期（YYYY-MM-DD）`,
  isUrl: (f) => `${f} 必须是 http 或 https 网址`,
  isDurationSpec: (f, _, each) =>
    `${itemOf(f, each)}必须是 ISO 8601 时长（如 PT30S、P2D、P1DT2H、P1W）或工作日数（如 2wd）`,
  whitelistValidation: (f) => `不接受字段 ${f}`,
  nestedValidation: (f) => `${f} 格式无效`,
};

/** Messages of `matches` constraints by field, where a pattern alone would not tell a user what to write. */
const PATTERN_TEMPLATES: Record<string, Template> = {
  deadline: (f) => TEMPLATES.isIso8601!(f, [], false),
  newDeadline: (f) => TEMPLATES.isIso8601!(f, [], false),
  issuedOn: (f) => TEMPLATES.isDateString!(f, [], false),
  holidays: (f) => `${f} 的每一项必须是 YYYY-MM-DD 日期`,
  workdays: (f) => `${f} 的每一项必须是 YYYY-MM-DD 日期`,
  directiveId: (f) => `${f} 必须是 1 至 64 个字母、数字、- 或 _`,
  issuerUnit: (f) => `${f} 必须是单位代码（1 至 32 个字母、数字、- 或 _）`,
  recipients: (f) => `${f} 的每一项必须是单位代码（1 至 32 个字母、数字、- 或 _）`,
  units: (f) => `${f} 的每一项必须是单位代码（1 至 32 个字母、数字、- 或 _）`,
  url: (f) => `${f} 必须是 http 或 https 网址`,
  codes: (f) => `${f} 必须是以逗号分隔的单位代码，最多 200 个`,
};

function constraintArgs(error: ValidationError, name: string): { args: unknown[]; each: boolean } {
  const target = error.target?.constructor;
  if (!target) return { args: [], each: false };
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name ?? m.type) === name);
  return { args: metadata?.constraints ?? [], each: metadata?.each ?? false };
}

function messageOf(error: ValidationError, field: string, name: string): string {
  const { args, each } = constraintArgs(error, name);
  if (name === 'matches') {
    const leaf = error.property;
    const template = PATTERN_TEMPLATES[leaf];
    return template ? template(field, args, each) : `${itemOf(field, each)}格式无效`;
  }
  const template = TEMPLATES[name];
  return template ? template(field, args, each) : `${field} 无效`;
}

/** Every wrong field of a request, depth first, one entry per field (its first broken rule). */
export function fieldErrorsOf(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix
      ? /^\d+$/.test(error.property)
        ? `${prefix}[${error.property}]`
        : `${prefix}.${error.property}`
      : error.property;
    const names = Object.keys(error.constraints ?? {});
    if (names.length && error.value === undefined && !names.includes('whitelistValidation')) {
      out.push({ field, message: `缺少必填字段 ${field}` });
    } else if (names.length) {
      // The first rule in declaration order is the most basic one (type before bounds).
      out.push({ field, message: messageOf(error, field, names[names.length - 1]!) });
    }
    if (error.children?.length) out.push(...fieldErrorsOf(error.children, field));
  }
  return out;
}

/** The ValidationPipe's answer: 400 VALIDATION_FAILED naming each wrong field in Chinese. */
export function validationException(errors: ValidationError[]): BadRequestException {
  const fields = fieldErrorsOf(errors);
  const first = fields[0]?.message ?? '请求参数无效';
  const message = fields.length > 1 ? `请求参数有误：${first}（共 ${fields.length} 处）` : `请求参数有误：${first}`;
  return new BadRequestException({
    statusCode: HttpStatus.BAD_REQUEST,
    code: 'VALIDATION_FAILED',
    message,
    fields,
  });
}
