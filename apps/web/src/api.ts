// The dashboard's use of the shared API client: bearer token from localStorage, errors carry the API's Chinese message.
import { ApiError, type ApiSchemas, createCascadeApi, ok } from '@cascade/api-client';

export { ApiError, ok } from '@cascade/api-client';

/**
 * What the user reads for a failure: the API's Chinese message, and when it refused several fields,
 * each of them (the message names only the first).
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError && error.fields.length > 1)
    return [error.message, ...error.fields.map((field) => field.message)].join('；');
  return error instanceof Error ? error.message : String(error);
}

const TOKEN_KEY = 'cascade.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: () => void = () => undefined;
/** Called on any 401: the token is gone or revoked, so the user signs in again. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Every call as the signed-in user. */
export const api = createCascadeApi({ token: tokenStore.get, onUnauthorized: () => onUnauthorized() });

/** Calls that need no sign-in (the demo tokens), so a stale stored token is never sent. */
export const publicApi = createCascadeApi();

/** Downloads a file that needs the bearer token (an <a href> cannot send it). */
export async function downloadSummary(directiveId: string, format: 'csv' | 'xlsx', fileName: string): Promise<void> {
  const params = { path: { id: directiveId } };
  const blob = await ok(
    format === 'csv'
      ? api.GET('/api/directives/{id}/summary.csv', { params, parseAs: 'blob' })
      : api.GET('/api/directives/{id}/summary.xlsx', { params, parseAs: 'blob' }),
  );
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
export type DemoToken = ApiSchemas['DemoTokenDto'];
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
