// 文号: 机关代字 + 〔年份〕 + 序号 + 号, in every bracket style seen in practice:
// 晋民函〔2024〕169号, 民[1981]城48号, 国办发【2023】5号, 临政发（2024）12号.

const AGENCY = '[\\u4e00-\\u9fa5A-Za-z]{1,12}';
const OPEN = '[〔\\[【（(［〖]';
const CLOSE = '[〕\\]】）)］〗]';
const YEAR = '(?:19|20)\\d{2}';
/** Some agencies put part of the code after the year: 民[1981]城48号. */
const SERIAL = '[\\u4e00-\\u9fa5]{0,4}[ \\t]{0,2}\\d{1,5}[ \\t]{0,2}号';

const SOURCE = `${AGENCY}[ \\t]{0,2}${OPEN}[ \\t]{0,2}${YEAR}[ \\t]{0,2}${CLOSE}[ \\t]{0,2}${SERIAL}`;

/** A 文号 anywhere in a line. */
export const DOC_NUMBER = new RegExp(SOURCE, 'g');
/** A line that is (or starts with) a 文号, as in a notice header: "晋民函〔2024〕169号  签发人：…". */
const HEADER_LINE = new RegExp(`^(${SOURCE})(?:\\s|签发人|$)`);

/** Words before the agency code in running text ("按照晋民函…", "现将民函…"), never part of it. */
const LEADING_WORDS = /^.*(?:根据|按照|依据|参照|转发|印发|关于|现将|通过|详见|见|和|及|与|或|了|的|将|按|以|据)/;

/** Canonical form: no inner blanks; brackets are kept as written. */
export function cleanDocNumber(raw: string): string {
  return raw.replace(/[ \t]+/g, '').replace(LEADING_WORDS, '');
}

/** The 文号 a header line starts with, or null. */
export function docNumberOfHeaderLine(line: string): string | null {
  const match = HEADER_LINE.exec(line.trim());
  return match ? cleanDocNumber(match[1]) : null;
}

/** The year of a 文号 (〔2024〕 → 2024). */
export function yearOfDocNumber(docNumber: string): number | null {
  const match = new RegExp(`${OPEN}(${YEAR})${CLOSE}`).exec(docNumber);
  return match ? Number(match[1]) : null;
}

/** Key for comparing 文号 written with different brackets. */
export function docNumberKey(docNumber: string): string {
  return docNumber.replace(new RegExp(OPEN, 'g'), '〔').replace(new RegExp(CLOSE, 'g'), '〕');
}
