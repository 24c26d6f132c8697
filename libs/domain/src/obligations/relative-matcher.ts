import { CHINESE_INTEGER, parseNumber } from '../text/chinese-numerals';
import { SP } from './date-patterns';
import { type Finding, type Matcher, eachMatch } from './finding';
import { type RelativeAnchor, type RelativeUnit } from './obligation.types';

// Not part of a date ("11月3日内") nor an ordinal ("第一个月内").
const RELATIVE = new RegExp(
  `(?<![\\d月年.．\\-第][ \\t]{0,2})(?<n>\\d{1,3}(?:\\.\\d)?|${CHINESE_INTEGER}|半)${SP}个?${SP}(?<unit>工作日|自然日|日|天|小时|钟头|分钟|周|星期|月)${SP}(?:之内|以内|内)`,
  'g',
);

const UNITS: Record<string, RelativeUnit> = {
  工作日: 'workday',
  自然日: 'day',
  日: 'day',
  天: 'day',
  小时: 'hour',
  钟头: 'hour',
  分钟: 'hour',
  周: 'week',
  星期: 'week',
  月: 'month',
};

const RECEIPT = /收到|接到|收悉|签收|收文|接收/;
const ISSUE = /印发|发布|下发|发文|公布|公告|通知之日|本通知|文件下达/;
// Words that are an event by themselves, or name one when "后"/"之日起" follows ("整改完成后"):
// "完成自查，并于30日内…" speaks of a task, not of an anchor.
const EVENT =
  /事发|案发|突发|事故|遇有|一旦|之日起|(?:受理|发现|结束|发生|完成|召开|举办|闭幕|验收|办结|确定|出现|立案|检查|会|活动)[^，,。；;]{0,12}?(?:后|之日起|起)/;

/** What the period counts from, read from the words before it; null when the words do not say. */
function anchorOf(before: string): RelativeAnchor | null {
  if (RECEIPT.test(before)) return 'receipt';
  if (ISSUE.test(before)) return 'issue';
  if (EVENT.test(before)) return 'event';
  return null;
}

// A period of public comment or objection: "征求意见期为30日", "异议期为七个工作日", "公示期5天".
const PERIOD = new RegExp(
  `(?<what>征求意见|意见反馈|公示|异议|公告|公开|评议|申诉|复核|整改|试运行|试行|过渡|观察|考察|缓冲)(?:期|期限|时间|时限)${SP}(?:为|是|[:：])?${SP}(?:不少于|不超过|不低于|共|计)?${SP}(?<n>\\d{1,3}|${CHINESE_INTEGER}|半)${SP}个?${SP}(?<unit>工作日|自然日|日|天|小时|周|星期|月)(?!${SP}(?:之内|以内|内))`,
  'g',
);
/** Periods that start when the notice is published; the others run from receipt. */
const PUBLISHED_PERIOD = /征求意见|意见反馈|公示|异议|公告|公开|评议/;

/** 半个月 = 15 days, 半天 = 12 hours, 半小时 = 0.5 hours. */
function amountOf(n: string, unit: RelativeUnit): { amount: number; unit: RelativeUnit } | null {
  if (n === '半') {
    if (unit === 'month') return { amount: 15, unit: 'day' };
    if (unit === 'day') return { amount: 12, unit: 'hour' };
    if (unit === 'hour') return { amount: 0.5, unit: 'hour' };
    return null;
  }
  const amount = /^\d/.test(n) ? Number(n) : parseNumber(n);
  return amount !== null && amount > 0 ? { amount, unit } : null;
}

/** Minutes are kept as (fractional) hours: "30分钟内" → 0.5 hour. */
function sizeOf(n: string, unitWord: string): { amount: number; unit: RelativeUnit } | null {
  const sized = amountOf(n, UNITS[unitWord]);
  return sized && unitWord === '分钟' ? { amount: sized.amount / 60, unit: 'hour' } : sized;
}

/**
 * "10个工作日内", "收到通知后3日内", "4小时内", "一个月内", and periods ("公示期为5个工作日").
 * A limit that names no anchor takes the one of the limit before it in the sentence
 * ("事发后2小时内电话报告，24小时内书面报告"), else receipt.
 */
export const matchRelative: Matcher = ({ text }) => {
  const found: Finding[] = [];
  eachMatch(PERIOD, text, (match) => {
    const g = match.groups!;
    const sized = amountOf(g.n, UNITS[g.unit]);
    if (!sized) return;
    const anchor: RelativeAnchor = PUBLISHED_PERIOD.test(g.what) ? 'issue' : 'receipt';
    const start = match.index;
    found.push({
      start,
      end: start + match[0].length,
      obligation: { kind: 'relative', amount: sized.amount, unit: sized.unit, anchor, text },
      warnings: [],
    });
  });
  let previous: RelativeAnchor = 'receipt';
  eachMatch(RELATIVE, text, (match) => {
    const g = match.groups!;
    const sized = sizeOf(g.n, g.unit);
    if (!sized) return;
    const start = match.index;
    const end = start + match[0].length;
    if (found.some((f) => f.start < end && start < f.end)) return;
    // Words since the previous limit (at most 30 characters) name this limit's anchor.
    const lastEnd = found.reduce((max, f) => (f.end <= start ? Math.max(max, f.end) : max), 0);
    const anchor = anchorOf(text.slice(Math.max(lastEnd, start - 30), start)) ?? previous;
    previous = anchor;
    found.push({
      start,
      end,
      obligation: { kind: 'relative', amount: sized.amount, unit: sized.unit, anchor, text },
      warnings: [],
    });
  });
  return found.sort((a, b) => a.start - b.start);
};
