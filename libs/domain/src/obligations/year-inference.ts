import {
  type CivilDate,
  compareCivilDates,
  daysInMonth,
  formatCivilDate,
  isoWeekday,
  isValidCivilDate,
} from '../time/civil-date';
import { type DateParts } from './date-patterns';

/**
 * What a month and day without a year are read against: the issue date (落款 or --issued);
 * failing that, only a year (from the 文号 〔2024〕), which allows no rollover.
 */
export interface DateReference {
  issued: CivilDate | null;
  fallbackYear: number | null;
}

export interface ResolvedDate {
  date: CivilDate;
  warnings: string[];
}

const NEXT_YEAR_WORDS = new Set(['明年', '次年', '翌年', '来年']);
const WEEKDAY_NAMES = ['', '一', '二', '三', '四', '五', '六', '日'];

/** Last day of a month part: 上旬 → 10, 中旬 → 20, 下旬/底/末 → last day; 初 → 5. */
function dayOfPart(part: string, year: number, month: number, edge: 'start' | 'end'): number {
  if (edge === 'start')
    return part === '中旬' || part === '中'
      ? 11
      : part === '下旬'
        ? 21
        : part === '底' || part === '末'
          ? daysInMonth(year, month)
          : 1;
  switch (part) {
    case '上旬':
      return 10;
    case '初':
      return 5;
    case '中旬':
    case '中':
      return 20;
    default:
      return daysInMonth(year, month);
  }
}

/**
 * Gives a date its year. An explicit year wins; 今年/明年/次年 count from the issue year; a bare
 * month/day takes the issue year, or the next year when that day had already passed at issue.
 * Returns null when no year can be known or the date does not exist (2月30日).
 */
export function resolveDateParts(
  parts: DateParts,
  reference: DateReference,
  options: { edge?: 'start' | 'end'; rollover?: boolean; label?: string } = {},
): ResolvedDate | null {
  const warnings: string[] = [];
  const baseYear = reference.issued?.year ?? reference.fallbackYear;
  if (parts.month === null) return null;
  let year: number;
  let implicit = false;
  if (parts.year !== null) year = parts.year;
  else if (parts.relativeYear !== null) {
    if (baseYear === null) return null;
    year = baseYear + (NEXT_YEAR_WORDS.has(parts.relativeYear) ? 1 : 0);
  } else {
    if (baseYear === null) return null;
    year = baseYear;
    implicit = true;
  }
  const dayOf = (y: number): number =>
    parts.day !== null ? parts.day : dayOfPart(parts.part ?? '底', y, parts.month!, options.edge ?? 'end');
  let date: CivilDate = { year, month: parts.month, day: dayOf(year) };
  if (implicit && reference.issued && options.rollover !== false && compareCivilDates(date, reference.issued) < 0) {
    const rolled = { year: year + 1, month: parts.month, day: dayOf(year + 1) };
    warnings.push(
      `“${options.label ?? `${parts.month}月`}”早于成文日期 ${formatCivilDate(reference.issued)}，按 ${year + 1} 年理解`,
    );
    date = rolled;
  }
  if (!isValidCivilDate(date)) return null;
  if (parts.weekday !== null && isoWeekday(date) !== parts.weekday) {
    warnings.push(
      `“${options.label ?? formatCivilDate(date)}”标注为星期${WEEKDAY_NAMES[parts.weekday]}，但 ${formatCivilDate(date)} 是星期${WEEKDAY_NAMES[isoWeekday(date)]}，请核对日期`,
    );
  }
  return { date, warnings };
}
