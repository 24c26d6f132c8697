import { CHINESE_INTEGER, parseNumber } from '../text/chinese-numerals';
import { SP, day, month, readTime, timeOfDay, weekdayNumber } from './date-patterns';
import { type Finding, type Matcher, SUBMIT, eachMatch } from './finding';
import { type RecurringObligation, type RecurringPeriod } from './obligation.types';

/** Optional time and deadline word after a recurring day: "每周二中午12时前", "次月十五日内". */
const DUE = `(?:${SP}${timeOfDay('t')})?(?:${SP}(?:之前|以前|前(?!后)|之内|以内|内|截止|为止))?`;
const DAY_OF_MONTH = (p: string): string =>
  `(?:的)?${SP}(?:${day(p)}${SP}[日号]|(?<${p}Part>月?底|月?末|上旬|中旬|下旬))`;
const AFTER_PERIOD_END = (p: string): string =>
  `(?:结束|终了|期满)?后${SP}(?<${p}N>\\d{1,2}|${CHINESE_INTEGER})${SP}个?${SP}(?:工作日|日|天)${SP}(?:之内|以内|内)`;

const WEEKLY = new RegExp(`(?:每周|每星期|每个星期|每礼拜)(?<wd>[一二三四五六日天1-7](?![次个至到]))?${DUE}`, 'g');
const MONTHLY = new RegExp(
  `(?:(?:每个?月|每月份|按月)(?:(?<mAfter>${AFTER_PERIOD_END('mA')})|${DAY_OF_MONTH('m')})?|(?:每个?月|月度?)末?${AFTER_PERIOD_END('mB')})${DUE}`,
  'g',
);
const NEXT_MONTH = new RegExp(`(?<nWord>次月|下月|下个月)${DAY_OF_MONTH('n')}${DUE}`, 'g');
const MONTHLY_CONTEXT = /每月|每个月|按月|月报|月度|逐月|定期|上月/;
const QUARTERLY = new RegExp(
  `(?:(?:每个?季度?|按季度?)(?:(?<qAfter>${AFTER_PERIOD_END('q')})|(?<qEnd>末|结束前)(?!月)|(?:的)?(?<qWhich>末月|最后一个月|首月|第一个月)${DAY_OF_MONTH('qd')})?|(?:次|下一?)季度(?:首月|第一个月)?${DAY_OF_MONTH('qn')}|季度?末?${AFTER_PERIOD_END('qa')})${DUE}`,
  'g',
);
const HALF_YEARLY = new RegExp(`(?:每半年|每半年度)(?:(?<hAfter>${AFTER_PERIOD_END('h')})|(?<hEnd>末))?${DUE}`, 'g');
const BIMONTHLY = new RegExp(`(?:每两个月|每双月|双月)${DUE}`, 'g');
const YEARLY = new RegExp(
  `(?:每年度?|每一年)(?:的)?(?:${month('y')}${SP}月份?(?:${DAY_OF_MONTH('yd')})?|(?<yEnd>年底|年末|年终|底|末)|(?<yStart>年初|初))?${DUE}`,
  'g',
);
/** The half-year or annual report due on a day of the year: "半年报于7月20日前报送", "年报于3月31日前". */
const CYCLE_REPORT = new RegExp(
  `(?<cycle>半年报|半年度报告|年报|年度报告|年度报表)(?:表)?[^，,。；;0-9]{0,8}?(?:于|在)${SP}(?:每年)?${SP}${month('c')}${SP}月份?${DAY_OF_MONTH('cd')}${DUE}`,
  'g',
);
/** "次年1月10日前" is recurring only in a sentence about a yearly cycle; otherwise it is a date. */
const NEXT_YEAR = new RegExp(`(?:次年|下一年度?|翌年)${month('x')}${SP}月份?${DAY_OF_MONTH('xd')}${DUE}`, 'g');
const YEARLY_CONTEXT = /每年|年度|每一年|定期|逐年|年报/;

type Groups = Record<string, string | undefined>;

function dayOf(g: Groups, p: string): number | null {
  const part = g[`${p}Part`];
  if (part) {
    if (part.includes('上旬')) return 10;
    if (part.includes('中旬')) return 20;
    return -1;
  }
  const value = g[`${p}Day`];
  return value === undefined ? null : parseNumber(value);
}

interface Rule {
  pattern: RegExp;
  read(g: Groups, text: string): Omit<RecurringObligation, 'kind' | 'text' | 'time'> | null;
}

const recurring = (
  period: RecurringPeriod,
  month: number | null = null,
  day: number | null = null,
  weekday: number | null = null,
) => ({
  period,
  month,
  day,
  weekday,
});

const RULES: Rule[] = [
  {
    pattern: CYCLE_REPORT,
    read: (g) => {
      const month = parseNumber(g.cMonth!);
      if (month === null) return null;
      return (g.cycle ?? '').startsWith('半年')
        ? recurring('halfyear', ((month - 1) % 6) + 1, dayOf(g, 'cd'))
        : recurring('year', month, dayOf(g, 'cd'));
    },
  },
  { pattern: WEEKLY, read: (g) => recurring('week', null, null, weekdayNumber(g.wd)) },
  {
    pattern: MONTHLY,
    read: (g) => {
      const after = g.mAN ?? g.mBN;
      return after !== undefined
        ? recurring('month', null, parseNumber(after))
        : recurring('month', null, dayOf(g, 'm'));
    },
  },
  {
    pattern: NEXT_MONTH,
    // "下月10日前" alone is next month's date (the deadline matcher reads it); 次月 is always a cycle.
    read: (g, text) =>
      g.nWord === '次月' || MONTHLY_CONTEXT.test(text) ? recurring('month', null, dayOf(g, 'n')) : null,
  },
  {
    pattern: QUARTERLY,
    read: (g) => {
      const after = g.qN ?? g.qaN;
      if (after !== undefined) return recurring('quarter', 1, parseNumber(after));
      if (g.qEnd) return recurring('quarter', 3, -1);
      if (g.qWhich) return recurring('quarter', /末|最后/.test(g.qWhich) ? 3 : 1, dayOf(g, 'qd'));
      if (g.qnDay !== undefined || g.qnPart) return recurring('quarter', 1, dayOf(g, 'qn'));
      return recurring('quarter');
    },
  },
  {
    pattern: HALF_YEARLY,
    read: (g) =>
      g.hN !== undefined
        ? recurring('halfyear', 1, parseNumber(g.hN))
        : g.hEnd
          ? recurring('halfyear', 6, -1)
          : recurring('halfyear'),
  },
  { pattern: BIMONTHLY, read: () => recurring('bimonth') },
  {
    pattern: YEARLY,
    read: (g) => {
      if (g.yEnd) return recurring('year', 12, -1);
      if (g.yStart) return recurring('year', 1, null);
      if (g.yMonth !== undefined) return recurring('year', parseNumber(g.yMonth), dayOf(g, 'yd'));
      return recurring('year');
    },
  },
  {
    pattern: NEXT_YEAR,
    read: (g, text) => (YEARLY_CONTEXT.test(text) ? recurring('year', parseNumber(g.xMonth!), dayOf(g, 'xd')) : null),
  },
];

/** A bare "每月"/"每季度" is a duty only when the sentence asks to hand something in. */
const PERIODIC_DUTY = new RegExp(`${SUBMIT.source}|汇总|调度|通报|统计|开展|召开|分析`);

/** "每月5日前", "次月十五日内", "每季度末", "每周二中午12时前", "每年年末", "次年一月十日前". */
export const matchRecurring: Matcher = ({ text }) => {
  const found: Finding[] = [];
  for (const rule of RULES) {
    eachMatch(rule.pattern, text, (match) => {
      const fields = rule.read(match.groups!, text);
      if (!fields) return;
      const time = readTime(match.groups!, 't');
      const specific = fields.day !== null || fields.weekday !== null || fields.month !== null || time !== null;
      if (!specific && !PERIODIC_DUTY.test(text.slice(match.index, match.index + 40))) return;
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((f) => f.start < end && start < f.end)) return;
      found.push({ start, end, obligation: { kind: 'recurring', ...fields, time, text }, warnings: [] });
    });
  }
  return found;
};
