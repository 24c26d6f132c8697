// The vocabulary of dates and times in notices, as small named regex pieces composed into the
// matchers. Functions taking a `p` prefix create uniquely named groups, so a range can hold two
// dates in one regex. Every repetition is bounded: the parser must stay linear on 1 MB input.
import { CHINESE_DIGIT, parseNumber } from '../text/chinese-numerals';

/** Optional blanks between the parts of a date ("11 月 20 日"): OCR and typesetting add them. */
export const SP = '[ \\t\\u3000]{0,3}';

const ARABIC_MONTH = '(?<!\\d)(?:1[0-2]|0?[1-9])(?!\\d)';
const CHINESE_MONTH = '十[一二]?|[一二三四五六七八九]';
const ARABIC_DAY = '(?<!\\d)(?:3[01]|[12]\\d|0?[1-9])(?!\\d)';
const CHINESE_DAY = '三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]';

/** Words naming a year relative to the issue date. */
export const RELATIVE_YEAR = '今年|本年|当年|明年|次年|翌年|来年';

export const year = (p: string): string =>
  `(?:(?<${p}Year>(?<!\\d)(?:19|20)\\d{2}(?!\\d)|${CHINESE_DIGIT}{4})${SP}年|(?<${p}RelYear>${RELATIVE_YEAR}))`;
export const month = (p: string): string => `(?<${p}Month>${ARABIC_MONTH}|${CHINESE_MONTH})`;
export const day = (p: string): string => `(?<${p}Day>${ARABIC_DAY}|${CHINESE_DAY})`;

/** [year] month 月 day 日/号 — "2024年11月20日", "十一月二十日", "11 月 20 号". */
export const fullDate = (p: string): string => `(?:${year(p)}${SP})?${month(p)}${SP}月${SP}${day(p)}${SP}[日号]`;

/** Parts of a month: 上旬 / 中旬 / 下旬 / 初 / 底 / 末 ("10月底"). */
export const monthPart = (p: string): string => `(?<${p}Part>上旬|中旬|下旬|初|底|末|中)`;

/** [year] month 月 part — "2024年10月底", "6月中旬". */
export const monthWithPart = (p: string): string => `(?:${year(p)}${SP})?${month(p)}${SP}(?:月份?)${SP}${monthPart(p)}`;

/** Weekday annotation after a date: "（星期二）", "(周二)", "星期天". */
export const weekdayNote = (p: string): string =>
  `${SP}[（(]?${SP}(?:星期|周|礼拜)(?<${p}Weekday>[一二三四五六日天1-7])${SP}[)）]?`;

const PERIOD_OF_DAY = '上午|下午|中午|晚上|晚间|夜间|早上|早晨|凌晨|傍晚|晚';
const CLOCK_HOUR = '\\d{1,2}|[零一二两三四五六七八九十]{1,3}';

/** A time of day: "下午6:00", "中午12时", "17时30分", "9点半", "上午下班". */
export const timeOfDay = (p: string): string =>
  `(?:(?<${p}Ampm>${PERIOD_OF_DAY})${SP})?(?:(?<${p}OffWork>下班)|(?<${p}Hour>${CLOCK_HOUR})${SP}(?:[:：]${SP}(?<${p}Minute>[0-5]\\d)|[时点](?:${SP}(?:(?<${p}MinuteCn>[0-5]?\\d|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])分|(?<${p}Half>半)))?))`;

/** "X日前" and its variants; "前后" (around) is not a deadline. "截至" alone means "as of". */
export const TRAILING_TRIGGER = `(?:${SP}[（(]含(?:当日|当天)?[)）])?${SP}(?:之前|以前|前(?!后)|截止|为止|止)`;
/** Words before a date that make it a deadline: "截止时间为", "不迟于", "最迟于". */
export const LEADING_TRIGGER = `(?:截止(?:时间|日期)?${SP}(?:为|是|到|至)?|不迟于|不晚于|最迟(?:于|在)?|最晚(?:于|在)?)${SP}[:：]?${SP}`;

type Groups = Record<string, string | undefined>;

/** The values of a {@link fullDate}/{@link monthWithPart} match with prefix `p`. */
export interface DateParts {
  year: number | null;
  relativeYear: string | null;
  month: number | null;
  day: number | null;
  part: string | null;
  weekday: number | null;
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

export function weekdayNumber(text: string | undefined): number | null {
  if (!text) return null;
  if (/^[1-7]$/.test(text)) return Number(text);
  return WEEKDAYS[text] ?? null;
}

export function readDateParts(groups: Groups, p: string): DateParts {
  const num = (key: string): number | null => {
    const value = groups[`${p}${key}`];
    return value === undefined ? null : parseNumber(value);
  };
  return {
    year: num('Year'),
    relativeYear: groups[`${p}RelYear`] ?? null,
    month: num('Month'),
    day: num('Day'),
    part: groups[`${p}Part`] ?? null,
    weekday: weekdayNumber(groups[`${p}Weekday`]),
  };
}

/** Office hours end at 12:00 and 17:30 in most provincial offices; documented in docs/notice-parser.md. */
const OFF_WORK = { morning: '12:00', afternoon: '17:30' };

/** "HH:MM" of a {@link timeOfDay} match, or null when absent or meaning end of day (24时). */
export function readTime(groups: Groups, p: string): string | null {
  const ampm = groups[`${p}Ampm`];
  if (groups[`${p}OffWork`]) return ampm === '上午' || ampm === '中午' ? OFF_WORK.morning : OFF_WORK.afternoon;
  const hourText = groups[`${p}Hour`];
  if (hourText === undefined) return null;
  let hours = parseNumber(hourText);
  if (hours === null) return null;
  const minuteText = groups[`${p}Minute`] ?? groups[`${p}MinuteCn`];
  const minutes = groups[`${p}Half`] ? 30 : minuteText ? (parseNumber(minuteText) ?? 0) : 0;
  if (
    (ampm === '下午' || ampm === '晚上' || ampm === '晚间' || ampm === '晚' || ampm === '傍晚' || ampm === '夜间') &&
    hours < 12
  ) {
    hours += 12;
  }
  if (hours >= 24 || minutes >= 60) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
