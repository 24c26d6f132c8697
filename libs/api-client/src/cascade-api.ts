import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './generated/api-schema';

/** The API's answer schemas by name (`ApiSchemas['MeDto']`), generated from its OpenAPI document. */
export type ApiSchemas = components['schemas'];

/** A typed client of every route of the Cascade API. */
export type CascadeApi = Client<paths>;

/** A failed call: the HTTP status (0 when the server could not be reached) and the API's Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
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

/** The message of an error answer: the API's `message` (its items joined when it is a list). */
export function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('；');
    if (typeof message === 'string' && message) return message;
  }
  return `请求失败（HTTP ${status}）`;
}

/** The data of a successful call; any other status throws an ApiError with the API's message. */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<NonNullable<R['data']>> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, messageOf(error, response.status));
  return data as NonNullable<R['data']>;
}
