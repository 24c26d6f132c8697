import type { AssignmentStatus } from './assignment.types';

// The Chinese words users read for each status, shared by the API, the dashboard and the CLI.
// Imports types only, so the dashboard can bundle it for the browser.

/** 承办任务 status as users read it. */
export const ASSIGNMENT_STATUS_LABELS: Readonly<Record<AssignmentStatus, string>> = {
  DELIVERED: '待签收',
  ACKNOWLEDGED: '已签收',
  FORWARDED: '已转发',
  REPORTED: '已报送',
  ACCEPTED: '已办结',
  RETURNED: '已退回',
  WITHDRAWN: '已撤回',
};

/** 公文 (directive) status as users read it. */
export const DIRECTIVE_STATUS_LABELS: Readonly<Record<'ACTIVE' | 'COMPLETED' | 'WITHDRAWN', string>> = {
  ACTIVE: '办理中',
  COMPLETED: '已办结',
  WITHDRAWN: '已撤回',
};

/** The label of an assignment status; an unknown code (a newer server) is shown as it is. */
export const assignmentStatusLabel = (status: string): string =>
  ASSIGNMENT_STATUS_LABELS[status as AssignmentStatus] ?? status;

/** The label of a directive status; an unknown code is shown as it is. */
export const directiveStatusLabel = (status: string): string =>
  DIRECTIVE_STATUS_LABELS[status as keyof typeof DIRECTIVE_STATUS_LABELS] ?? status;
