import { parseIsoDate } from '../time/civil-date';

/**
 * One year's official 放假安排: statutory days off on weekdays (holidays) and the weekend days
 * that are worked instead (调休 makeup workdays). Dates are "YYYY-MM-DD" in that year.
 */
export interface CalendarYearData {
  year: number;
  holidays: string[];
  workdays: string[];
}

/** Raised when calendar data (e.g. config/calendar/2027.json) is malformed. */
export class CalendarDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarDataError';
  }
}

function dateList(value: unknown, field: string, year: number): string[] {
  if (!Array.isArray(value)) throw new CalendarDataError(`日历数据的 ${field} 必须是日期数组（YYYY-MM-DD）`);
  return value.map((item) => {
    const date = typeof item === 'string' ? parseIsoDate(item) : null;
    if (!date) throw new CalendarDataError(`日历数据的 ${field} 含无效日期：${JSON.stringify(item)}`);
    if (date.year !== year) throw new CalendarDataError(`日历数据的 ${field} 中 ${String(item)} 不属于 ${year} 年`);
    return String(item);
  });
}

/**
 * Validates untrusted JSON (`{"year":2027,"holidays":[…],"workdays":[…]}`) as {@link CalendarYearData}.
 * @throws CalendarDataError with a Chinese message naming the problem.
 */
export function parseCalendarYearData(json: unknown): CalendarYearData {
  if (typeof json !== 'object' || json === null) throw new CalendarDataError('日历数据必须是 JSON 对象');
  const record = json as Record<string, unknown>;
  const year = record.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1900 || year > 2200) {
    throw new CalendarDataError('日历数据缺少有效的 year（如 2027）');
  }
  const holidays = dateList(record.holidays ?? [], 'holidays', year);
  const workdays = dateList(record.workdays ?? [], 'workdays', year);
  const clash = holidays.find((d) => workdays.includes(d));
  if (clash) throw new CalendarDataError(`日历数据中 ${clash} 同时出现在 holidays 和 workdays 中`);
  return { year, holidays, workdays };
}
