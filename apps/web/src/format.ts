import { WorkCalendar } from '@cascade/domain/calendar/work-calendar';

/** The official calendar (放假安排); years it lacks count as Monday–Friday weeks. */
export const calendar = WorkCalendar.fromChineseDays().assumingWeekdays();

const SHANGHAI = 'Asia/Shanghai';
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const timeWithSeconds = new Intl.DateTimeFormat('zh-CN', {
  timeZone: SHANGHAI,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An instant as Beijing time, e.g. 2024/11/20 23:59. */
export const formatDateTime = (iso: string | Date) => dateTime.format(new Date(iso));
export const formatDate = (iso: string | Date) => dateOnly.format(new Date(iso));
export const formatTimeWithSeconds = (iso: string | Date) => timeWithSeconds.format(new Date(iso));

/** What is left before a deadline, in working days: 剩余 3 个工作日, 今日到期, 已逾期 2 个工作日. */
export function workdaysLeft(
  deadline: string | Date,
  now = new Date(),
): { text: string; tone: 'ok' | 'soon' | 'late' } {
  const due = new Date(deadline);
  if (due.getTime() <= now.getTime()) {
    const late = calendar.workingDaysBetween(due, now);
    return { text: late > 0 ? `已逾期 ${late} 个工作日` : '已逾期', tone: 'late' };
  }
  const left = calendar.workingDaysBetween(now, due);
  if (left <= 0) return { text: '今日到期', tone: 'soon' };
  return { text: `剩余 ${left} 个工作日`, tone: left <= 2 ? 'soon' : 'ok' };
}

export const ROLE_LABELS: Record<string, string> = {
  clerk: '办文人员',
  leader: '领导',
  supervisor: '督查',
  admin: '管理员',
  system: '系统',
};

export const ESCALATION_LABELS: Record<number, string> = { 1: '一级督办', 2: '二级督办', 3: '通报' };

export const REASON_LABELS: Record<string, string> = { NOT_ACKNOWLEDGED: '逾期未签收', OVERDUE: '逾期未报送' };

export const EVENT_LABELS: Record<string, string> = {
  DIRECTIVE_ISSUED: '发文',
  DIRECTIVE_COMPLETED: '全部办结',
  DIRECTIVE_WITHDRAWN: '撤回公文',
  DIRECTIVE_AMENDED: '更正公文',
  ASSIGNMENT_DELIVERED: '送达',
  ASSIGNMENT_ACKNOWLEDGED: '签收',
  ASSIGNMENT_FORWARDED: '转发',
  REPORT_SUBMITTED: '报送',
  REPORT_ACCEPTED: '办结',
  REMINDER_SENT: '提醒',
  ESCALATED: '督办',
  ESCALATIONS_RESOLVED: '督办解除',
  REPORT_RETURNED: '退回',
  EXTENSION_REQUESTED: '申请延期',
  EXTENSION_DECIDED: '延期审批',
  DEADLINE_CHANGED: '期限变更',
  ASSIGNMENT_WITHDRAWN: '撤回',
  AMENDMENT_RECEIVED: '收到更正',
  AMENDMENT_ACKNOWLEDGED: '确认更正',
  URGED: '催办',
  FORWARD_FLAGGED: '转发提示',
};

/** Value of an <input type="datetime-local"> as Beijing wall time, whatever the browser's zone. */
export function toShanghaiInput(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** The instant of a Beijing wall time typed into an <input type="datetime-local">, or null. */
export function fromShanghaiInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  const date = new Date(`${withSeconds}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** ISO instant with the +08:00 offset, as the API's documents are written. */
export function toShanghaiIso(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
