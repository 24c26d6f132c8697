import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/api-schema';

/** The API's answer schemas by name (`ApiSchemas['MeDto']`), generated from its OpenAPI document. */
export type ApiSchemas = components['schemas'];

/** A typed client of every route of the Cascade API. */
export type CascadeApi = Client<paths>;

/** The API's error body (ErrorDto of its OpenAPI document). */
export type ApiErrorBody = ApiSchemas['ErrorDto'];
/** One wrong field of a refused request. */
export type ApiFieldError = ApiSchemas['FieldErrorDto'];

/**
 * A failed call: the HTTP status (0 when the server could not be reached), the API's stable `code`
 * (VALIDATION_FAILED, NOT_FOUND, a workflow refusal code…), its Chinese message and wrong fields.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string = status === 0 ? 'UNREACHABLE' : 'ERROR',
    readonly fields: ApiFieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The error of an answer with this status and body (the API's error shape, or anything else). */
  static of(status: number, body: unknown): ApiError {
    const error = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>;
    return new ApiError(
      status,
      messageOf(body, status),
      typeof error.code === 'string' ? error.code : 'ERROR',
      Array.isArray(error.fields) ? error.fields : [],
    );
  }
}

export interface CascadeApiOptions {
  /** Origin of the API, e.g. http://127.0.0.1:3000; empty (the default) means the page's own origin. */
  baseUrl?: string;
  /** The bearer token to send, read anew for every request; none sends no Authorization header. */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Called on any 401 (the token is unknown or revoked). */
  onUnauthorized?: () => void;
}

/** The client over fetch: bearer token, and unreachable servers reported as an ApiError with status 0. */
export function createCascadeApi(options: CascadeApiOptions = {}): CascadeApi {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '' });
  client.use({
    async onRequest({ request }) {
      const token = await options.token?.();
      // A call that names its own token (signing in with a new one) keeps it.
      if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthorized?.();
      return undefined;
    },
    onError({ error }) {
      // An abort (a caller's timeout) stays what it is; anything else means the server was not reached.
      if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return error;
      return new ApiError(0, '无法连接服务器，请检查网络');
    },
  });
  return client;
}

/** What a user reads for an answer without a message of its own (a proxy's page, an empty body). */
const FALLBACK_MESSAGES: Record<number, string> = {
  400: '请求无效',
  401: '登录已失效，请重新登录',
  403: '无权执行此操作',
  404: '要找的内容不存在或无权查看',
  405: '不支持此操作',
  409: '当前状态不允许此操作',
  413: '提交的内容过大',
  422: '请求不符合办理规则',
  429: '操作过于频繁，请稍后再试',
  502: '服务暂时不可用，请稍后重试',
  503: '服务暂时不可用，请稍后重试',
  504: '服务响应超时，请稍后重试',
};

/** The message of an error answer: the API's `message`, else a plain Chinese sentence for the status. */
export function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (typeof message === 'string' && message) return message;
    if (Array.isArray(message) && message.length) return message.map(String).join('；');
  }
  return FALLBACK_MESSAGES[status] ?? (status >= 500 ? '服务器出错，请稍后重试' : '请求未能完成');
}

/** The data of a successful call; any other status throws an ApiError with the API's message. */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await call;
  if (!response.ok) throw ApiError.of(response.status, error);
  return data as NonNullable<R['data']>;
}
