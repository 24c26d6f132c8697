import type { Recurrence, ReportForm } from '@cascade/contracts';
import type { WorkCalendar } from '../calendar/work-calendar';
import { addDays, addMonths, type CivilDate, compareCivilDates, daysInMonth, parseIsoDate } from '../time/civil-date';
import { endOfShanghaiDay, shanghaiDayOf, shanghaiInstant } from '../time/shanghai-time';

/** One period of a recurrence: its key, its label and its first and last days. */
export interface Period {
  /** `2026-11`, `2026-Q4`, `2026`. */
  key: string;
  /** 2026年11月, 2026年第四季度, 2026年度. */
  label: string;
  first: CivilDate;
  last: CivilDate;
}

/** Months per period. */
const MONTHS = { monthly: 1, quarterly: 3, yearly: 12 } as const;
const QUARTERS = ['一', '二', '三', '四'] as const;
const pad = (n: number) => String(n).padStart(2, '0');

/** When the schedule fires: 08:00 Asia/Shanghai on the first day of each period. */
export const PERIOD_START_HOUR = 8;
/** Default of `quotaReminderWorkingDays`. */
export const DEFAULT_QUOTA_REMINDER_WORKING_DAYS = 5;

/** The period of `recurrence` that contains `day`. */
export function periodContaining(recurrence: Pick<Recurrence, 'frequency'>, day: CivilDate): Period {
  const span = MONTHS[recurrence.frequency];
  const firstMonth = Math.floor((day.month - 1) / span) * span + 1;
  const first = { year: day.year, month: firstMonth, day: 1 };
  const lastMonth = firstMonth + span - 1;
  const last = { year: day.year, month: lastMonth, day: daysInMonth(day.year, lastMonth) };
  if (recurrence.frequency === 'monthly')
    return { key: `${day.year}-${pad(firstMonth)}`, label: `${day.year}年${firstMonth}月`, first, last };
  if (recurrence.frequency === 'quarterly') {
    const quarter = (firstMonth - 1) / 3 + 1;
    return { key: `${day.year}-Q${quarter}`, label: `${day.year}年第${QUARTERS[quarter - 1]}季度`, first, last };
  }
  return { key: `${day.year}`, label: `${day.year}年度`, first, last };
}

/** The period an instant (e.g. a schedule's action time) falls in, by its day in Asia/Shanghai. */
export function periodAt(recurrence: Pick<Recurrence, 'frequency'>, instant: number): Period {
  return periodContaining(recurrence, shanghaiDayOf(new Date(instant)));
}

/** The due day as written, before moving off a day off. */
function nominalDueDay(recurrence: Recurrence, period: Period): CivilDate | null {
  const due = recurrence.due;
  if (due.kind === 'dayOfMonth') {
    const month = addMonths({ ...period.last, day: 1 }, due.month);
    return { ...month, day: Math.min(due.day, daysInMonth(month.year, month.month)) };
  }
  if (due.kind === 'days') return addDays(period.last, due.count);
  return null;
}

/**
 * A period's report deadline: the end of its due day in Asia/Shanghai, moved to the next working
 * day when the due day is a day off (顺延); `workingDays` counts working days after the period.
 */
export function periodDeadline(recurrence: Recurrence, period: Period, calendar: WorkCalendar): number {
  const nominal = nominalDueDay(recurrence, period);
  if (nominal) return calendar.addWorkingDays(endOfShanghaiDay(nominal), 0).getTime();
  const count = recurrence.due.kind === 'workingDays' ? recurrence.due.count : 0;
  return calendar.addWorkingDays(endOfShanghaiDay(period.last), count).getTime();
}

/** When recipients below a quota are urged: 09:00 on the N-th working day before the period's last day. */
export function quotaCheckAt(recurrence: Recurrence, period: Period, calendar: WorkCalendar): number {
  const days = recurrence.quotaReminderWorkingDays ?? DEFAULT_QUOTA_REMINDER_WORKING_DAYS;
  const day = shanghaiDayOf(calendar.addWorkingDays(endOfShanghaiDay(period.last), -days));
  return shanghaiInstant(day, 9).getTime();
}

/** Whether a period lies within the recurrence's start and end. */
export function periodInRange(recurrence: Recurrence, period: Period): boolean {
  const start = parseIsoDate(recurrence.start);
  const end = recurrence.end ? parseIsoDate(recurrence.end) : null;
  if (start && compareCivilDates(period.last, start) < 0) return false;
  return !(end && compareCivilDates(period.first, end) > 0);
}

/** The due rule in words: 次月15日前, 季后10个工作日内, 次年1月10日前. */
export function dueLabel(recurrence: Recurrence): string {
  const due = recurrence.due;
  const after = { monthly: '月后', quarterly: '季后', yearly: '年后' }[recurrence.frequency];
  if (due.kind === 'days') return `${after}${due.count}日内`;
  if (due.kind === 'workingDays') return `${after}${due.count}个工作日内`;
  if (recurrence.frequency === 'yearly') return `次年${due.month}月${due.day}日前`;
  if (due.month === 1) return `${recurrence.frequency === 'monthly' ? '次月' : '季后首月'}${due.day}日前`;
  return `${after}第${due.month}个月${due.day}日前`;
}

/** The cron-like calendar of the schedule: the first day of each period's first month. */
export function scheduleMonths(recurrence: Pick<Recurrence, 'frequency'>): number[] {
  const span = MONTHS[recurrence.frequency];
  return Array.from({ length: 12 / span }, (_, i) => i * span + 1);
}

export interface RecurrenceProblem {
  field: string;
  message: string;
}

const isInt = (n: unknown, min: number, max: number): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** What is wrong with a recurrence, each problem named in Chinese; empty when it is usable. */
export function recurrenceProblems(recurrence: Recurrence, form: ReportForm | undefined): RecurrenceProblem[] {
  const problems: RecurrenceProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field: `recurrence.${field}`, message });
  const due = recurrence.due;
  if (due.kind === 'dayOfMonth') {
    if (!isInt(due.month, 1, 12)) add('due.month', '报送月份须为期满后的第1至12个月');
    if (!isInt(due.day, 1, 31)) add('due.day', '报送日须为1至31日');
  } else if (!isInt(due.count, 1, 90)) add('due.count', '期满后的报送天数须为1至90的整数');
  const start = parseIsoDate(recurrence.start);
  if (!start) add('start', '开始日期须为有效日期（YYYY-MM-DD）');
  if (recurrence.end !== undefined) {
    const end = parseIsoDate(recurrence.end);
    if (!end) add('end', '结束日期须为有效日期（YYYY-MM-DD）');
    else if (start && compareCivilDates(end, start) < 0) add('end', '结束日期不能早于开始日期');
  }
  if (recurrence.quotaReminderWorkingDays !== undefined && !isInt(recurrence.quotaReminderWorkingDays, 1, 60))
    add('quotaReminderWorkingDays', '期末提醒须提前1至60个工作日');
  const numbers = new Map(
    (form?.fields ?? [])
      .filter((f) => (f.type === 'integer' || f.type === 'decimal') && !f.addedBy)
      .map((f) => [f.key, f.label]),
  );
  (recurrence.quotas ?? []).forEach((quota, i) => {
    if (!numbers.has(quota.field)) add(`quotas[${i}].field`, `指标“${quota.field}”须为填报表中的数值字段`);
    if (typeof quota.min !== 'number' || !(quota.min > 0)) add(`quotas[${i}].min`, '每期最低数量须大于0');
  });
  return problems;
}
