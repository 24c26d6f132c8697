import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One wrong field of a request: its path (`policy.ladder[1]`) and what is wrong, in Chinese. */
export class FieldErrorDto {
  @ApiProperty({ example: 'deadline' }) field!: string;
  @ApiProperty({ example: 'deadline 必须是带时区的 ISO 8601 时间，例如 2024-11-20T18:00:00+08:00' }) message!: string;
}

/** The body of every 4xx and 5xx answer of the API. */
export class ErrorDto {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 }) statusCode!: number;
  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description:
      'Stable English identifier of the error: a workflow refusal code (ALREADY_REPORTED, BUSY…) or one of VALIDATION_FAILED, MALFORMED_JSON, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, RULE_VIOLATION, UNKNOWN_UNITS, RATE_LIMITED, SERVICE_UNAVAILABLE, INTERNAL_ERROR',
  })
  code!: string;
  @ApiProperty({ example: '请求参数有误：deadline 必须是带时区的 ISO 8601 时间', description: 'One Chinese sentence' })
  message!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each wrong field (validation errors)' })
  fields?: FieldErrorDto[];
  @ApiPropertyOptional({ description: 'A retry may succeed soon (busy, engine overloaded)' })
  retryable?: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: 'When an urge is allowed again (429 of urge)' })
  nextAllowedAt?: string;
  @ApiPropertyOptional({ type: [String], description: 'Unit codes the registry does not know (422 UNKNOWN_UNITS)' })
  unknownUnits?: string[];
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldError[];
  [key: string]: unknown;
}

/** The code of an error that names none, by its status. */
export const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'RULE_VIOLATION',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

/** The message of an error that carries no Chinese one, by its status. */
const MESSAGE_BY_STATUS: Readonly<Record<number, string>> = {
  400: '请求无效',
  401: '需要登录：请在 Authorization 头中提供 Bearer 令牌',
  403: '无权执行此操作',
  404: '请求的资源不存在',
  405: '此地址不支持该请求方法',
  408: '请求超时',
  409: '操作与当前状态冲突',
  413: '请求体过大',
  415: '不支持的请求体类型',
  422: '请求不符合业务规则',
  429: '请求过于频繁，请稍后再试',
  431: '请求地址或请求头过长',
  500: '服务器内部错误',
  503: '服务暂时不可用，请稍后重试',
};

const CHINESE = /[\u3400-\u9fff]/;
const STABLE_CODE = /^[A-Z][A-Z0-9_]*$/;

/** A Chinese message for a status: the one given when it is Chinese, else the status's own. */
export function chineseMessage(statusCode: number, message: unknown): string {
  if (typeof message === 'string' && CHINESE.test(message)) return message;
  return MESSAGE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? MESSAGE_BY_STATUS[500]! : MESSAGE_BY_STATUS[400]!);
}

/**
 * Any error answer in the one shape `{statusCode, code, message, fields?}` plus its extras (retryable,
 * nextAllowedAt, unknownUnits): Nest's English `error` label and validator lists never leave the API.
 */
export function toErrorBody(statusCode: number, response: unknown): ErrorBody {
  const source: Record<string, unknown> =
    typeof response === 'string'
      ? { message: response }
      : response && typeof response === 'object'
        ? { ...response }
        : {};
  const { message, code, fields, error: _englishLabel, statusCode: _status, ...extras } = source;
  const body: ErrorBody = {
    statusCode,
    code: typeof code === 'string' && STABLE_CODE.test(code) ? code : (CODE_BY_STATUS[statusCode] ?? 'ERROR'),
    message: chineseMessage(statusCode, Array.isArray(message) ? undefined : message),
    ...extras,
  };
  if (Array.isArray(fields) && fields.length) body.fields = fields as FieldError[];
  return body;
}
