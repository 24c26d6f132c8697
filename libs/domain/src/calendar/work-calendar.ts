import {
  type CivilDate,
  addDays,
  formatCivilDate,
  fromDayNumber,
  isoWeekday,
  parseIsoDate,
  toDayNumber,
} from '../time/civil-date';
import { endOfShanghaiDay, shanghaiDayOf } from '../time/shanghai-time';
import { type CalendarYearData } from './calendar-year';
import { chineseDaysYears } from './chinese-days-data';

/** What a calendar does with a year it has no 放假安排 for. */
export type UnknownYearPolicy = 'throw' | 'assume-weekdays';

/** Raised when a computation needs a year the calendar does not know (policy 'throw'). */
export class CalendarCoverageError extends Error {
  constructor(readonly year: number) {
    super(`工作日历缺少 ${year} 年的放假安排，无法按工作日计算；请在 config/calendar/${year}.json 中补充该年数据`);
    this.name = 'CalendarCoverageError';
  }
}

interface YearRules {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

/** A day given as an instant (its Asia/Shanghai day), a civil date or "YYYY-MM-DD". */
export type DayInput = Date | CivilDate | string;

// Bounds every day-by-day walk: a corrupt override (a year of holidays) must not hang a caller.
const MAX_WALK_DAYS = 3 * 366;

function toCivil(day: DayInput): CivilDate {
  if (day instanceof Date) return shanghaiDayOf(day);
  if (typeof day === 'string') {
    const parsed = parseIsoDate(day);
    if (!parsed) throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
    return parsed;
  }
  return day;
}

/**
 * The Chinese working-day calendar: Monday–Friday, minus statutory holidays, plus 调休 makeup
 * workdays. Immutable value object: {@link WorkCalendar.withYear} returns a new calendar, so a
 * calendar can be passed around and cached safely.
 *
 * A year without data is never silently treated as plain weekdays: with the default policy
 * ('throw') any computation touching it raises {@link CalendarCoverageError};
 * {@link WorkCalendar.assumingWeekdays} opts into the weekday fallback, to be paired with
 * {@link WorkCalendar.coverageWarnings} so the assumption is shown to a person.
 */
export class WorkCalendar {
  private constructor(
    private readonly years: ReadonlyMap<number, YearRules>,
    /** How days in unknown years are treated. */
    readonly unknownYearPolicy: UnknownYearPolicy,
  ) {}

  /** The calendar from the chinese-days package data (2004–2026). */
  static fromChineseDays(): WorkCalendar {
    return WorkCalendar.fromYears(chineseDaysYears());
  }

  /** A calendar from explicit year data only (useful in tests and for fully custom calendars). */
  static fromYears(years: readonly CalendarYearData[], policy: UnknownYearPolicy = 'throw'): WorkCalendar {
    return years.reduce((calendar, year) => calendar.withYear(year), new WorkCalendar(new Map(), policy));
  }

  /** A new calendar in which `data` replaces whatever this one knew about `data.year`. */
  withYear(data: CalendarYearData): WorkCalendar {
    const years = new Map(this.years);
    years.set(data.year, { holidays: new Set(data.holidays), workdays: new Set(data.workdays) });
    return new WorkCalendar(years, this.unknownYearPolicy);
  }

  /** A new calendar that treats unknown years as plain Monday–Friday weeks. */
  assumingWeekdays(): WorkCalendar {
    return new WorkCalendar(this.years, 'assume-weekdays');
  }

  knowsYear(year: number): boolean {
    return this.years.has(year);
  }

  /** Years with 放假安排 data, ascending. */
  knownYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  /** True for a working day (Asia/Shanghai day of an instant). */
  isWorkingDay(day: DayInput): boolean {
    const date = toCivil(day);
    const rules = this.years.get(date.year);
    const iso = formatCivilDate(date);
    if (!rules) {
      if (this.unknownYearPolicy === 'throw') throw new CalendarCoverageError(date.year);
    } else {
      if (rules.workdays.has(iso)) return true;
      if (rules.holidays.has(iso)) return false;
    }
    return isoWeekday(date) <= 5;
  }

  /**
   * Moves `n` working days from the Asia/Shanghai day of `instant` and returns the END of the
   * day reached (23:59:59.999 Asia/Shanghai): a duty "within n working days" may use all of that day.
   * n > 0 counts working days strictly after the start day ("1wd after delivery on Friday" = Monday);
   * n < 0 counts strictly before it ("3wd before a Friday deadline" = Tuesday);
   * n = 0 is the start day itself if it is a working day, else the next working day.
   * The result is always on a working day.
   */
  addWorkingDays(instant: Date, n: number): Date {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be an integer: ${n}`);
    let day = shanghaiDayOf(instant);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    const limit = remaining * 7 + MAX_WALK_DAYS;
    let walked = 0;
    if (remaining === 0) {
      while (!this.isWorkingDay(day)) {
        day = addDays(day, 1);
        this.guard(++walked, limit);
      }
      return endOfShanghaiDay(day);
    }
    while (remaining > 0) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) remaining -= 1;
      this.guard(++walked, limit);
    }
    return endOfShanghaiDay(day);
  }

  /**
   * Working days in the half-open range (day of a, day of b], negative when b is before a.
   * Inverse of {@link addWorkingDays} for n > 0: `workingDaysBetween(t, addWorkingDays(t, n)) === n`.
   */
  workingDaysBetween(a: Date, b: Date): number {
    const from = shanghaiDayOf(a);
    const to = shanghaiDayOf(b);
    const sign = toDayNumber(to) >= toDayNumber(from) ? 1 : -1;
    const [low, high] = sign > 0 ? [from, to] : [to, from];
    let count = 0;
    for (let n = toDayNumber(low) + 1, end = toDayNumber(high); n <= end; n++) {
      if (this.isWorkingDay(fromDayNumber(n))) count++;
    }
    return sign * count;
  }

  /** Years between two instants (inclusive) that this calendar has no data for. */
  unknownYearsBetween(a: Date, b: Date): number[] {
    const [y1, y2] = [shanghaiDayOf(a).year, shanghaiDayOf(b).year].sort((x, y) => x - y);
    const unknown: number[] = [];
    for (let y = y1; y <= y2; y++) if (!this.knowsYear(y)) unknown.push(y);
    return unknown;
  }

  /** Chinese warnings for every unknown year between two instants: show them next to a computed date. */
  coverageWarnings(a: Date, b: Date): string[] {
    return this.unknownYearsBetween(a, b).map(
      (year) =>
        `工作日历缺少 ${year} 年的放假安排，${year} 年的工作日按周一至周五估算，请补充 config/calendar/${year}.json`,
    );
  }

  private guard(walked: number, limit: number): void {
    if (walked > limit)
      throw new RangeError('working-day walk exceeded three years: calendar data has no working days');
  }
}
