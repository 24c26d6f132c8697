import { CHINESE_INTEGER, parseNumber } from '../text/chinese-numerals';
import { SP } from './date-patterns';
import { type Finding, type Matcher, eachMatch } from './finding';
import { type QuotaPeriod } from './obligation.types';

const PER = '(?<per>每周|每星期|每个?月|每季度?|每个季度|每年度?|全年|年度内)';
const AT_LEAST = '(?:至少|不少于|不低于|不得少于|最少|起码)';
const VERB =
  '(?:开展|组织|举办|召开|举行|进行|参加|参与|完成|报送|上报|安排|发布|刊发|刊登|编发|推出|策划|打造|走访|检查|督导|慰问|培育|征集|推荐)';
const COUNT = `(?<count>\\d{1,4}|${CHINESE_INTEGER})`;
const UNIT = '(?:人次|项|场|次|期|个|篇|条|批|轮|件|家|份|堂|节|课|回|起|例|名|处|所)';
const WHAT = '(?<what>[^，,。；;！？!?]{0,40})';
/** Duty words between the period and the count ("每年要结合自身实际至少开展…"): no sentence break. */
const BETWEEN = '(?<between>[^。；;！？!?]{0,40}?)';

const AT_LEAST_QUOTA = new RegExp(`${PER}${BETWEEN}${AT_LEAST}${SP}(?:${VERB}${SP})?${COUNT}${SP}${UNIT}${WHAT}`, 'g');
const PLAIN_QUOTA = new RegExp(
  `${PER}(?<between>[^。；;！？!?，,]{0,20}?)${VERB}${SP}${COUNT}${SP}${UNIT}${WHAT}`,
  'g',
);

function period(per: string): QuotaPeriod {
  if (per.includes('周') || per.includes('星期')) return 'week';
  if (per.includes('月')) return 'month';
  if (per.includes('季')) return 'quarter';
  return 'year';
}

/** The thing counted: after the unit ("1项主题活动" → 主题活动), else the words before the count. */
function what(after: string, between: string): string | null {
  const tail = after.replace(/^(?:以上|及以上|左右)/, '').trim();
  if (tail) return tail;
  const head = between
    .replace(/^(?:要|应|须|需|应当|必须|均|都)/, '')
    .replace(new RegExp(`^${VERB}`), '')
    .replace(/(?:的)?(?:次数|数量|频次)?$/, '')
    .trim();
  return head || null;
}

/** "每年至少开展1项…主题活动", "每月开展1场…", "每季度组织培训不少于2次". */
export const matchQuotas: Matcher = ({ text }) => {
  const found: Finding[] = [];
  for (const pattern of [AT_LEAST_QUOTA, PLAIN_QUOTA]) {
    eachMatch(pattern, text, (match) => {
      const g = match.groups!;
      const count = parseNumber(g.count);
      if (count === null || count <= 0) return;
      const start = match.index;
      const end = match.index + match[0].length;
      if (found.some((f) => f.start < end && start < f.end)) return;
      found.push({
        start,
        end,
        obligation: { kind: 'quota', count, per: period(g.per), what: what(g.what, g.between), text },
        warnings: [],
      });
    });
  }
  return found;
};
