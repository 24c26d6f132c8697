// The dashboard's HTTP client: bearer token from localStorage, errors carry the API's Chinese message.

const TOKEN_KEY = 'cascade.token';

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
/** Called on any 401: the token is gone or revoked, so the user signs in again. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function messageOf(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const message = (body as { message: unknown }).message;
    if (Array.isArray(message)) return message.join('；');
    if (typeof message === 'string' && message) return message;
  }
  return `请求失败（HTTP ${status}）`;
}

async function request(method: string, path: string, body?: unknown, token = tokenStore.get()): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络');
  }
  if (!response.ok) {
    const parsed: unknown = await response.json().catch(() => null);
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, messageOf(parsed, response.status));
  }
  return response;
}

export const api = {
  get: async <T>(path: string, token?: string): Promise<T> => (await (await request('GET', path, undefined, token)).json()) as T,
  post: async <T>(path: string, body: unknown = {}): Promise<T> => {
    const response = await request('POST', path, body);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  },
  /** Downloads a file that needs the bearer token (an <a href> cannot send it). */
  download: async (path: string, fileName: string): Promise<void> => {
    const blob = await (await request('GET', path)).blob();
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

// --- shapes of the API's answers (apps/api DTOs) ---

export type Role = 'clerk' | 'leader' | 'supervisor' | 'admin';
export type AssignmentStatus = 'DELIVERED' | 'ACKNOWLEDGED' | 'FORWARDED' | 'REPORTED' | 'ACCEPTED' | 'RETURNED' | 'WITHDRAWN';

export interface Me {
  unitCode: string;
  unitName: string;
  unitLevel: string | null;
  role: Role;
}

export interface DemoToken {
  label: string;
  unitCode: string;
  unitName: string;
  role: Role;
  token: string;
}

export interface InboxItem {
  id: string;
  directiveId: string;
  docNumber: string | null;
  title: string | null;
  status: AssignmentStatus;
  deadline: string;
  overdue: boolean;
}

export interface UnitChild {
  code: string;
  name: string;
  level: string;
  hasChildren: boolean;
}

export interface DirectiveSummary {
  id: string;
  docNumber: string;
  title: string;
  issuerUnit: string;
  status: string;
  deadline: string;
  issuedAt: string;
  forwardsDirectiveId: string | null;
  rootDirectiveId: string;
}

export interface DirectiveDetail extends DirectiveSummary {
  body: string | null;
  recipients: { unitCode: string; unitName: string }[];
  obligations: Record<string, unknown>[];
  policy: Record<string, unknown>;
  parentAssignmentId: string | null;
  version: number;
}

export interface TreeNode {
  assignmentId: string;
  unitCode: string;
  unitName: string;
  status: AssignmentStatus;
  deadline: string;
  overdue: boolean;
  escalationLevel: number;
  forwardedDirectiveId?: string;
  children: TreeNode[];
}

export interface DirectiveTree {
  id: string;
  docNumber: string;
  issuerUnit: string;
  counts: Record<AssignmentStatus, number>;
  nodes: TreeNode[];
}

export interface TimelineEvent {
  id: string;
  type: string;
  occurredAt: string;
  directiveId: string;
  assignmentId: string | null;
  unitCode: string | null;
  unitName: string | null;
  actorUnit: string | null;
  actorRole: string | null;
  detail: string | null;
}

export interface BoardItem {
  id: string;
  assignmentId: string;
  directiveId: string;
  docNumber: string;
  title: string;
  unitCode: string;
  unitName: string;
  regionCode: string;
  issuerUnit: string;
  level: number;
  assignmentLevel: number;
  reason: string;
  status: AssignmentStatus;
  deadline: string;
  firedAt: string;
  canUrge: boolean;
}

export interface Board {
  items: BoardItem[];
  total: number;
  regions: { code: string; name: string }[];
}

export interface ParsedNotice {
  docNumber: string | null;
  title: string | null;
  issuer: string | null;
  issuedOn: string | null;
  recipients: string[];
  obligations: Record<string, unknown>[];
  warnings: string[];
}
