// The dashboard's use of the shared API client: the person's session cookie (or an integration token
// from localStorage), the CSRF header on every call, errors carrying the API's Chinese message.
import { ApiError, type ApiSchemas, createCascadeApi, ok } from '@cascade/api-client';

export { ApiError, ok } from '@cascade/api-client';

/**
 * What the user reads for a failure: the API's Chinese message, and when it refused several fields,
 * each of them (the message names only the first).
 */
export function errorText(error: unknown): string {
  // A server fault or an unreachable server is nothing the clerk can fix: no status, no code, just wait.
  if (error instanceof ApiError && (error.status === 0 || error.status >= 500)) return UNAVAILABLE;
  if (error instanceof TypeError) return UNAVAILABLE;
  if (error instanceof ApiError && error.fields.length > 1)
    return [error.message, ...error.fields.map((field) => field.message)].join('；');
  return error instanceof Error ? error.message : String(error);
}

/** What a clerk reads when the server failed or could not be reached. */
export const UNAVAILABLE = '服务暂时不可用，请稍后重试';

const TOKEN_KEY = 'cascade.token';

/**
 * Sent with every request: the API refuses a write authenticated by the session cookie without it
 * (a cross-site form cannot send it), beside the cookie's SameSite=Strict.
 */
export const CSRF_HEADERS = { 'X-Requested-With': 'cascade' } as const;

/** An integration token typed at sign-in instead of a password; people sign in with the cookie session. */
export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: () => void = () => undefined;
/** Called on any 401: the session ended (or the token was revoked), so the user signs in again. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

const withCsrfHeader = {
  onRequest({ request }: { request: Request }) {
    for (const [name, value] of Object.entries(CSRF_HEADERS)) request.headers.set(name, value);
    return request;
  },
};

/** Every call as the signed-in user (fetch sends the same-origin session cookie by itself). */
export const api = createCascadeApi({ token: tokenStore.get, onUnauthorized: () => onUnauthorized() });
api.use(withCsrfHeader);

/** Calls that must not end the session on a 401 (sign-in, the first look at who is signed in); no stored token. */
export const publicApi = createCascadeApi();
publicApi.use(withCsrfHeader);

/** The headers of a direct fetch: the CSRF header, and the integration token when there is one. */
function authHeaders(): Record<string, string> {
  const token = tokenStore.get();
  return token ? { ...CSRF_HEADERS, Authorization: `Bearer ${token}` } : { ...CSRF_HEADERS };
}

/** Downloads a file through the API client (an <a href> could not send the CSRF header or a token). */
export async function downloadSummary(directiveId: string, format: 'csv' | 'xlsx', fileName: string): Promise<void> {
  const params = { path: { id: directiveId } };
  const blob = await ok(
    format === 'csv'
      ? api.GET('/api/directives/{id}/summary.csv', { params, parseAs: 'blob' })
      : api.GET('/api/directives/{id}/summary.xlsx', { params, parseAs: 'blob' }),
  );
  saveBlob(blob, fileName);
}

/** Every 报送材料 of a directive as one ZIP: its own recipients (level) or every unit below (subtree). */
export async function downloadReportsZip(directiveId: string, scope: 'level' | 'subtree', fileName: string) {
  const blob = await ok(
    api.GET('/api/directives/{id}/reports.zip', {
      params: { path: { id: directiveId }, query: { scope } },
      parseAs: 'blob',
    }),
  );
  saveBlob(blob, fileName);
}

/** A stored file (`href` from the API, /api/files/…) as the signed-in user; `inline` for showing it in the page. */
export async function fetchFile(href: string, inline = false): Promise<Blob> {
  const response = await fetch(inline ? `${href}${href.includes('?') ? '&' : '?'}inline=1` : href, {
    headers: authHeaders(),
  });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw new Error(await errorMessage(response, '文件下载失败'));
  return response.blob();
}

export async function downloadFile(file: { href: string; name: string }): Promise<void> {
  saveBlob(await fetchFile(file.href), file.name);
}

/** Uploads one file (POST /api/files, multipart); resolves to its id for a report or a directive. */
export async function uploadFile(file: File): Promise<string> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch('/api/files', { method: 'POST', headers: authHeaders(), body: form });
  if (response.status === 401) onUnauthorized();
  if (!response.ok) throw new Error(await errorMessage(response, `上传 ${file.name} 失败`));
  const body = (await response.json()) as { id?: string; fileId?: string };
  const id = body.id ?? body.fileId;
  if (!id) throw new Error(`上传 ${file.name} 后没有得到文件编号`);
  return id;
}

async function errorMessage(response: Response, fallback: string): Promise<string> {
  if (response.status >= 500) return UNAVAILABLE;
  const body = (await response.json().catch(() => null)) as { message?: unknown } | null;
  return typeof body?.message === 'string' ? body.message : fallback;
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The API's answers, by the names the pages use (generated from the OpenAPI document).
export type Me = ApiSchemas['MeDto'];
export type Role = Me['role'];
export type DemoAccount = ApiSchemas['DemoAccountDto'];
export type InboxItem = ApiSchemas['InboxItemDto'];
export type AssignmentStatus = InboxItem['status'];
export type UnitChild = ApiSchemas['UnitChildDto'];
export type DirectiveSummary = ApiSchemas['DirectiveSummaryDto'];
export type DirectiveDetail = ApiSchemas['DirectiveDetailDto'];
export type TreeNode = ApiSchemas['TreeNodeDto'];
export type DirectiveTree = ApiSchemas['DirectiveTreeDto'];
export type TimelineEvent = ApiSchemas['TimelineEventDto'];
export type BoardItem = ApiSchemas['BoardItemDto'];
export type Board = ApiSchemas['EscalationBoardDto'];
export type ParsedNotice = ApiSchemas['ParsedNoticeDto'];
export type FileRef = ApiSchemas['FileRefDto'];
export type ChainLink = ApiSchemas['ChainLinkDto'];
export type UnitReports = ApiSchemas['UnitReportsDto'];
export type AssignmentDetail = ApiSchemas['AssignmentDetailDto'];
export type AssignmentListItem = ApiSchemas['AssignmentListItemDto'];
/** The assignment's state an operation answers with: ahead of the read model until it is projected. */
export type AssignmentState = ApiSchemas['AssignmentStateDto'];

/** A list row or detail as the answered state has it; the live stream's refresh brings the rest. */
export function withAnswer<T extends Pick<AssignmentListItem, 'status' | 'deadline' | 'overdue' | 'escalationLevel'>>(
  row: T,
  state: AssignmentState,
): T {
  return {
    ...row,
    status: state.status,
    deadline: state.schedule.deadline,
    overdue: state.overdue,
    escalationLevel: state.escalationLevel,
  };
}
export type ExtensionRequestItem = ApiSchemas['ExtensionRequestItemDto'];
