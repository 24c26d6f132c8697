import { CalendarCoverageError, type WorkCalendar } from '../calendar/work-calendar';
import { type Obligation, type RecurringObligation } from '../obligations/obligation.types';
import {
  type CivilDate,
  addDays,
  addMonths,
  daysInMonth,
  formatCivilDate,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
} from '../time/civil-date';
import { endOfShanghaiDay, parseClockTime, shanghaiDayOf, shanghaiInstant } from '../time/shanghai-time';

/** What an obligation is resolved against. */
export interface DeadlineContext {
  /** Issue date of the notice (YYYY-MM-DD, Asia/Shanghai). */
  issuedOn: string;
  /** When the unit received the notice; anchors "收到后N日内" (default: start of the issue day). */
  receivedAt?: Date;
  /** When the event a relative duty counts from happened ("活动结束后3日内"). */
  eventAt?: Date;
  /** The receiving unit's code. All units share Asia/Shanghai; kept for messages and future per-region calendars. */
  unitCode?: string;
  /** Recurring and quota duties resolve to their first due instant at or after this (default: receipt). */
  after?: Date;
  calendar: WorkCalendar;
}

export interface ResolvedDeadline {
  /** The instant the duty is due (Asia/Shanghai wall time converted to UTC), null when unknowable. */
  due: Date | null;
  /** Start of a range, else null. */
  start: Date | null;
  warnings: string[];
}

/** A day with an optional "HH:MM": that minute, else the end of the day (X日前 includes day X). */
function dueOn(date: CivilDate, time: string | null): Date {
  const clock = time ? parseClockTime(time) : null;
  return clock ? shanghaiInstant(date, clock.hours, clock.minutes) : endOfShanghaiDay(date);
}

function dayInMonth(year: number, month: number, day: number | null): CivilDate {
  const last = daysInMonth(year, month);
  return { year, month, day: day === null || day === -1 || day > last ? last : day };
}

const PERIOD_MONTHS: Record<Exclude<RecurringObligation['period'], 'week'>, number> = {
  month: 1,
  bimonth: 2,
  quarter: 3,
  halfyear: 6,
  year: 12,
};

/** First due instant of a recurring duty at or after `after`. */
function nextRecurring(o: RecurringObligation, after: Date): Date {
  const from = shanghaiDayOf(after);
  if (o.period === 'week') {
    const weekday = o.weekday ?? 5;
    for (let i = 0; i < 15; i++) {
      const candidate = addDays(from, i);
      if (isoWeekday(candidate) !== weekday) continue;
      const due = dueOn(candidate, o.time);
      if (due.getTime() >= after.getTime()) return due;
    }
  }
  const length = o.period === 'week' ? 1 : PERIOD_MONTHS[o.period];
  // Periods are aligned to the calendar year (quarters start in January, April, …).
  const firstMonth = Math.floor((from.month - 1) / length) * length + 1;
  for (let k = -1; k < 4; k++) {
    const periodStart = addMonths({ year: from.year, month: firstMonth, day: 1 }, k * length);
    const target = addMonths(periodStart, (o.month ?? length) - 1);
    const due = dueOn(dayInMonth(target.year, target.month, o.day), o.time);
    if (due.getTime() >= after.getTime()) return due;
  }
  throw new RangeError('no recurring due date found');
}

/** End of the period (week, month, quarter, year) that contains `after`. */
function endOfPeriod(per: 'week' | 'month' | 'quarter' | 'year', after: Date): Date {
  const from = shanghaiDayOf(after);
  if (per === 'week') return endOfShanghaiDay(addDays(from, 7 - isoWeekday(from)));
  const length = per === 'month' ? 1 : per === 'quarter' ? 3 : 12;
  const lastMonth = Math.floor((from.month - 1) / length) * length + length;
  return endOfShanghaiDay(dayInMonth(from.year, lastMonth, -1));
}

/**
 * Turns an obligation into an absolute instant. Rules (docs/notice-parser.md):
 * X日前 is due at the end of day X (23:59:59.999 Asia/Shanghai) unless a time is given;
 * N日/周/月内 end at the end of the Nth day/week/month after the anchor day;
 * N个工作日内 ends at the end of the Nth working day after the anchor day;
 * N小时内 is exact. A working-day computation in a year the calendar does not know falls back to
 * Monday–Friday and adds a warning.
 */
export function resolveDeadline(obligation: Obligation, context: DeadlineContext): ResolvedDeadline {
  const warnings: string[] = [];
  const issued = parseIsoDate(context.issuedOn);
  if (!issued) return { due: null, start: null, warnings: [`成文日期 “${context.issuedOn}” 无效，应为 YYYY-MM-DD`] };
  const issuedAt = shanghaiInstant(issued);
  const receivedAt = context.receivedAt ?? issuedAt;
  const after = context.after ?? receivedAt;

  switch (obligation.kind) {
    case 'deadline': {
      const date = parseIsoDate(obligation.due);
      if (!date) return { due: null, start: null, warnings: [`期限日期 “${obligation.due}” 无效`] };
      if (!context.calendar.knowsYear(date.year))
        warnings.push(...context.calendar.assumingWeekdays().coverageWarnings(issuedAt, endOfShanghaiDay(date)));
      else if (!context.calendar.isWorkingDay(date))
        warnings.push(`截止日 ${obligation.due} 是非工作日，请留意提前报送`);
      return { due: dueOn(date, obligation.time), start: null, warnings };
    }
    case 'range': {
      const start = parseIsoDate(obligation.start);
      const end = parseIsoDate(obligation.end);
      if (!start || !end) return { due: null, start: null, warnings: ['期间日期无效'] };
      return { due: endOfShanghaiDay(end), start: shanghaiInstant(start), warnings };
    }
    case 'relative': {
      const anchor =
        obligation.anchor === 'issue' ? issuedAt : obligation.anchor === 'event' ? context.eventAt : receivedAt;
      if (!anchor)
        return { due: null, start: null, warnings: ['该要求从某一事件起算，需提供事件发生时间才能确定期限'] };
      const anchorDay = shanghaiDayOf(anchor);
      switch (obligation.unit) {
        case 'hour':
          return { due: new Date(anchor.getTime() + obligation.amount * 3_600_000), start: null, warnings };
        case 'day':
          return { due: endOfShanghaiDay(addDays(anchorDay, Math.ceil(obligation.amount))), start: null, warnings };
        case 'week':
          return { due: endOfShanghaiDay(addDays(anchorDay, Math.ceil(obligation.amount * 7))), start: null, warnings };
        case 'month':
          return { due: endOfShanghaiDay(addMonths(anchorDay, Math.ceil(obligation.amount))), start: null, warnings };
        case 'workday':
          return addWorkdaysWithWarnings(context.calendar, anchor, Math.ceil(obligation.amount));
      }
      break;
    }
    case 'recurring':
      return { due: nextRecurring(obligation, after), start: null, warnings };
    case 'quota':
      return { due: endOfPeriod(obligation.per, after), start: null, warnings };
  }
  return { due: null, start: null, warnings };
}

function addWorkdaysWithWarnings(calendar: WorkCalendar, anchor: Date, days: number): ResolvedDeadline {
  try {
    return { due: calendar.addWorkingDays(anchor, days), start: null, warnings: [] };
  } catch (error) {
    if (!(error instanceof CalendarCoverageError)) throw error;
    const lenient = calendar.assumingWeekdays();
    const due = lenient.addWorkingDays(anchor, days);
    return { due, start: null, warnings: lenient.coverageWarnings(anchor, due) };
  }
}

/** The due day of a resolved instant in Asia/Shanghai, "YYYY-MM-DD". */
export function shanghaiDateOf(instant: Date): string {
  return formatCivilDate(shanghaiDayOf(instant));
}

/** Whole days from one instant's Asia/Shanghai day to another's. */
export function calendarDaysBetween(a: Date, b: Date): number {
  return toDayNumber(shanghaiDayOf(b)) - toDayNumber(shanghaiDayOf(a));
}
