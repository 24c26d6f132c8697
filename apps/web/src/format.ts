import { WorkCalendar } from '@cascade/domain/calendar/work-calendar';

/** The official calendar (放假安排); years it lacks count as Monday–Friday weeks. */
export const calendar = WorkCalendar.fromChineseDays().assumingWeekdays();

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The parts of an instant's Beijing wall time. */
function shanghaiParts(iso: string | Date) {
  const shifted = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`,
    year: shifted.getUTCFullYear(),
    time: `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`,
    seconds: pad(shifted.getUTCSeconds()),
  };
}

/** The one date format of the dashboard, Beijing time: 2026年12月2日 08:00. */
export function formatDateTime(iso: string | Date): string {
  const p = shanghaiParts(iso);
  return `${p.year}年${p.date} ${p.time}`;
}
/** A day without its time: 2026年12月2日. */
export function formatDate(iso: string | Date): string {
  const p = shanghaiParts(iso);
  return `${p.year}年${p.date}`;
}
/** Within the current year, where the year says nothing: 12月2日 14:00. */
export function formatShortDateTime(iso: string | Date, now = new Date()): string {
  const p = shanghaiParts(iso);
  return p.year === shanghaiParts(now).year ? `${p.date} ${p.time}` : formatDateTime(iso);
}
export function formatTimeWithSeconds(iso: string | Date): string {
  const p = shanghaiParts(iso);
  return `${p.date} ${p.time}:${p.seconds}`;
}

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * A policy duration in plain Chinese: `1wd` → 1 个工作日, `P2D` → 2 天, `PT30M` → 30 分钟, `PT0S` → 立即;
 * anything unrecognised is shown as typed.
 */
export function formatDuration(spec: string): string {
  const text = spec.trim();
  const workdays = /^(\d+)\s*wd$/i.exec(text);
  if (workdays) return `${Number(workdays[1])} 个工作日`;
  const iso = ISO_DURATION.exec(text.toUpperCase());
  if (!iso || text.length < 2) return text;
  const [, weeks, days, hours, minutes, seconds] = iso.map((part) => Number(part ?? 0));
  const parts = [
    [weeks * 7 + days, '天'],
    [hours, '小时'],
    [minutes, '分钟'],
    [seconds, '秒'],
  ] as const;
  const words = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return words.length ? words.join(' ') : '立即';
}

/** Several durations (a 督办 ladder, reminders): 立即、2 个工作日、5 个工作日. */
export const formatDurations = (specs: readonly string[]) => specs.map(formatDuration).join('、');

/** A list of durations as typed, separated by commas, 、 or spaces: "立即、2 个工作日、5 个工作日" → specs. */
export function toDurationSpecs(text: string): string[] {
  return text
    .split(/[,，、;；]+/)
    .flatMap((part) => (/^\s*\d+\s+[^\d\s]+\s*$/.test(part) ? [part] : part.split(/\s+/)))
    .map((part) => part.trim())
    .filter(Boolean)
    .map(toDurationSpec);
}

const CHINESE_UNITS: Record<string, string> = {
  工作日: 'wd',
  个工作日: 'wd',
  天: 'D',
  日: 'D',
  周: 'W',
  小时: 'H',
  个小时: 'H',
  分钟: 'M',
  分: 'M',
  秒: 'S',
};

/**
 * A duration as the API takes it from what a person types: "2 个工作日" → `2wd`, "3天" → `P3D`, "30 分钟" →
 * `PT30M`, "立即" → `PT0S`; a policy string (`1wd`, `P2D`) passes through unchanged.
 */
export function toDurationSpec(text: string): string {
  const t = text.trim();
  if (t === '立即' || t === '0') return 'PT0S';
  const m = /^(\d+)\s*(个工作日|工作日|天|日|周|个小时|小时|分钟|分|秒)$/.exec(t);
  if (!m) return t;
  const unit = CHINESE_UNITS[m[2]];
  if (unit === 'wd') return `${m[1]}wd`;
  return unit === 'D' || unit === 'W' ? `P${m[1]}${unit}` : `PT${m[1]}${unit}`;
}

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
  clerk: '收文员',
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
