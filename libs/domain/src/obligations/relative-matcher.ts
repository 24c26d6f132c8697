import { CHINESE_INTEGER, parseNumber } from '../text/chinese-numerals';
import { SP } from './date-patterns';
import { type Finding, type Matcher, eachMatch } from './finding';
import { type RelativeAnchor, type RelativeUnit } from './obligation.types';

// Not part of a date ("11月3日内") nor an ordinal ("第一个月内").
const RELATIVE = new RegExp(
  `(?<![\\d月年.．\\-第][ \\t]{0,2})(?<n>\\d{1,3}(?:\\.\\d)?|${CHINESE_INTEGER}|半)${SP}个?${SP}(?<unit>工作日|自然日|日|天|小时|钟头|周|星期|月)${SP}(?:之内|以内|内)`,
  'g',
);

const UNITS: Record<string, RelativeUnit> = {
  工作日: 'workday',
  自然日: 'day',
  日: 'day',
  天: 'day',
  小时: 'hour',
  钟头: 'hour',
  周: 'week',
  星期: 'week',
  月: 'month',
};

const RECEIPT = /收到|接到|收悉|签收|收文|接收/;
const ISSUE = /印发|发布|下发|发文|公布|公告|通知之日|本通知|文件下达/;
const EVENT =
  /突发|事故|遇有|一旦|发现|结束|发生|完成|召开|举办|闭幕|验收|办结|确定|出现|立案|检查后|会后|活动后|之日起/;

/** What the period counts from, read from the words before it; receipt when the notice is silent. */
function anchorOf(before: string): RelativeAnchor {
  if (RECEIPT.test(before)) return 'receipt';
  if (ISSUE.test(before)) return 'issue';
  if (EVENT.test(before)) return 'event';
  return 'receipt';
}

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

/** "10个工作日内", "收到通知后3日内", "4小时内", "一个月内". */
export const matchRelative: Matcher = ({ text }) => {
  const found: Finding[] = [];
  eachMatch(RELATIVE, text, (match) => {
    const g = match.groups!;
    const sized = amountOf(g.n, UNITS[g.unit]);
    if (!sized) return;
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      obligation: { kind: 'relative', amount: sized.amount, unit: sized.unit, anchor: anchorOf(before), text },
      warnings: [],
    });
  });
  return found;
};
