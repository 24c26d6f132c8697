import { type Obligation } from './obligation.types';
import { type DateReference } from './year-inference';

/** An obligation found in a sentence, with the span it was read from (to suppress overlaps). */
export interface Finding {
  start: number;
  end: number;
  obligation: Obligation;
  warnings: string[];
}

/** What a matcher sees: one sentence and the date it is read against. */
export interface SentenceInput {
  text: string;
  reference: DateReference;
}

export type Matcher = (input: SentenceInput) => Finding[];

/** Runs a global regex over text, calling `read` for each match. */
export function eachMatch(pattern: RegExp, text: string, read: (match: RegExpExecArray) => void): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    read(match);
    if (match[0] === '') pattern.lastIndex += 1;
  }
}

/** Words that make a sentence ask something of its readers (not merely report a date). */
export const REQUEST = /请|务必|必须|须|需|应|要|确保|不得|截止|及时/;
/** Verbs of handing something in. */
export const SUBMIT = /报|送|交|提交|上传|反馈|完成|填写|录入|备案|更新|申请|办理|寄/;
/** Activity words that make a period a duty ("11月1日至30日开展专项检查"). */
export const ACTIVITY =
  /请|务必|须|需|应|要|阶段|抽查|督导|验收|评审|考核|整治|摸底|调研|普查|开展|组织|进行|实施|举办|报名|申报|受理|征集|集中|专项|时间为|时间[:：]|期限为|期间|截止|报送|提交|完成|整改|排查|检查|公示|评选|推荐|活动|安排|培训|宣传|督查|自查|报|办理/;

/** True when `text` just before `index` is 于 / 在 (a date governed by a verb: "请于11月20日报送"). */
export function governedByYu(text: string, index: number): boolean {
  return /(?:于|在|到)[ \t\u3000]{0,3}$/.test(text.slice(Math.max(0, index - 4), index));
}

/** The clause (between ，；：) of `text` that follows `index`. */
export function clauseAfter(text: string, index: number): string {
  const rest = text.slice(index);
  const end = rest.search(/[，,；;。！？]/);
  return end < 0 ? rest : rest.slice(0, end);
}
