import { CHINESE_DIGIT } from '../text/chinese-numerals';
import { type CivilDate, addMonths, formatCivilDate } from '../time/civil-date';
import {
  LEADING_TRIGGER,
  SP,
  TRAILING_TRIGGER,
  day,
  fullDate,
  monthWithPart,
  readDateParts,
  readTime,
  timeOfDay,
  weekdayNote,
  type DateParts,
} from './date-patterns';
import { type Finding, type Matcher, REQUEST, SUBMIT, clauseAfter, eachMatch, governedByYu } from './finding';
import { findReportTarget } from './report-target';
import { type DateReference, resolveDateParts } from './year-inference';

const lead = (p: string): string => `(?<${p}Lead>${LEADING_TRIGGER})?`;
const trail = (p: string): string => `(?<${p}Trigger>${TRAILING_TRIGGER})?`;
const clock = (p: string): string => `(?:${weekdayNote(p)})?(?:${SP}${timeOfDay(p)})?`;

/** "（截止时间为）2024年11月20日（星期三）下午6:00前". */
const DATE_DEADLINE = new RegExp(`${lead('a')}${fullDate('a')}${clock('a')}${trail('a')}`, 'g');
/** "10月底前", "截止到6月中旬". */
const MONTH_PART_DEADLINE = new RegExp(`${lead('b')}${monthWithPart('b')}${clock('b')}${trail('b')}`, 'g');
/** "年底前", "2024年底前", "今年年底前". */
const YEAR_END_DEADLINE = new RegExp(
  `${lead('c')}(?:(?:(?<cYear>(?<!\\d)(?:19|20)\\d{2}(?!\\d)|${CHINESE_DIGIT}{4})${SP}年|(?<cRelYear>今年|本年|明年|次年))${SP}年?|(?<![\\d今本明次当])年)(?:底|末)${trail('c')}`,
  'g',
);
/** "请于25日前报送", "本月30日前", "下月10日前". */
const DAY_ONLY_DEADLINE = new RegExp(
  `(?<=(?:于|在|本月|(?<dNext>下个?月))${SP})${day('d')}${SP}[日号]${clock('d')}${TRAILING_TRIGGER}`,
  'g',
);

type Groups = Record<string, string | undefined>;

interface Rule {
  pattern: RegExp;
  prefix: string;
  parts(g: Groups, reference: DateReference): DateParts | null;
  /** Whether the match needs 前/截止 (or 于…报送) to be a deadline; the day-only rule has it built in. */
  needsTrigger: boolean;
}

const RULES: Rule[] = [
  { pattern: DATE_DEADLINE, prefix: 'a', parts: (g) => readDateParts(g, 'a'), needsTrigger: true },
  { pattern: MONTH_PART_DEADLINE, prefix: 'b', parts: (g) => readDateParts(g, 'b'), needsTrigger: true },
  {
    pattern: YEAR_END_DEADLINE,
    prefix: 'c',
    parts: (g) => ({ ...readDateParts(g, 'c'), month: 12, day: 31, part: null, weekday: null }),
    needsTrigger: true,
  },
  {
    pattern: DAY_ONLY_DEADLINE,
    prefix: 'd',
    parts: (g, reference) => {
      const issued = reference.issued;
      if (!issued) return null;
      const parts = readDateParts(g, 'd');
      // A day alone means this month, or next month when the day has passed at issue (or 下月 says so).
      const base: CivilDate =
        g.dNext !== undefined || (parts.day !== null && parts.day < issued.day)
          ? addMonths({ ...issued, day: 1 }, 1)
          : issued;
      return { ...parts, year: base.year, month: base.month };
    },
    needsTrigger: false,
  },
];

/** The receiver named in the same clause group (between ；) as the deadline: after it, else before it. */
function reportTargetAround(text: string, start: number, end: number): string | null {
  const after = text.slice(end).search(/[；;]/);
  const before = Math.max(text.lastIndexOf('；', start), text.lastIndexOf(';', start));
  return (
    findReportTarget(text.slice(end, after < 0 ? undefined : end + after)) ??
    findReportTarget(text.slice(before + 1, start))
  );
}

function isDeadline(rule: Rule, g: Groups, text: string, match: RegExpExecArray): boolean {
  if (!rule.needsTrigger || g[`${rule.prefix}Lead`] || g[`${rule.prefix}Trigger`]) return true;
  // "请于11月20日报送": a date governed by 于 and followed by a hand-in verb in a request.
  return (
    governedByYu(text, match.index) &&
    REQUEST.test(text) &&
    SUBMIT.test(clauseAfter(text, match.index + match[0].length))
  );
}

/** Absolute deadlines: X月X日前 / 之前 / 以前 / 截止 / 底前 / 下班前, several per sentence. */
export const matchDeadlines: Matcher = ({ text, reference }) => {
  const found: Finding[] = [];
  for (const rule of RULES) {
    eachMatch(rule.pattern, text, (match) => {
      const g = match.groups!;
      if (!isDeadline(rule, g, text, match)) return;
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((f) => f.start < end && start < f.end)) return;
      const parts = rule.parts(g, reference);
      if (!parts) return;
      const label = match[0].trim();
      const resolved = resolveDateParts(parts, reference, { label });
      if (!resolved) return;
      found.push({
        start,
        end,
        obligation: {
          kind: 'deadline',
          due: formatCivilDate(resolved.date),
          time: readTime(g, rule.prefix),
          reportTo: reportTargetAround(text, start, end),
          text,
        },
        warnings: resolved.warnings,
      });
    });
  }
  return found.sort((a, b) => a.start - b.start);
};
