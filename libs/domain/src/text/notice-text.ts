// Cleans raw notice text (copied from PDF/OCR) into lines and paragraphs the parsers can trust.
// Every transformation maps characters one to one or drops whole lines, so the original wording
// survives for the `text` of an obligation.

const FULL_WIDTH_DIGIT = /[０-９]/g;
const FULL_WIDTH_LATIN = /[Ａ-Ｚａ-ｚ＠．＿－]/g;

/** Full-width digits and Latin letters (OCR and Word output) to ASCII; Chinese punctuation is kept. */
export function toHalfWidth(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(FULL_WIDTH_LATIN, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u00a0|\u2002|\u2003|\u2009/g, ' ');
}

/** Lines that belong to the scanner or the page, not to the notice. */
const NOISE_LINES: readonly RegExp[] = [
  /扫描全能王/,
  /^\d+\s*亿人都在用的扫描\s*App$/i,
  /^[-—–－─\s]*\d{1,3}[-—–－─\s]*$/, // page numbers: "- 2 -", "—3—"
  /^第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?$/,
  /^[—─-]{3,}$/,
];

export function isNoiseLine(line: string): boolean {
  const trimmed = line.trim();
  return NOISE_LINES.some((pattern) => pattern.test(trimmed));
}

/** Non-empty, noise-free, trimmed lines of a notice after half-width normalization. */
export function noticeLines(text: string): string[] {
  return toHalfWidth(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line) => line.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .filter((line) => line !== '' && !isNoiseLine(line));
}

const PARAGRAPH_END = /[。！？；：:!?;”」』]$/;
/** Section headings ("一、…", "（二）…", "3.…") end a paragraph even without punctuation. */
const HEADING = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d))/;

function isHeading(line: string): boolean {
  return HEADING.test(line) && line.length <= 40 && !/[。；]/.test(line);
}

/**
 * Rebuilds paragraphs broken by page breaks and narrow OCR columns: a line that does not end a
 * sentence continues on the next one. Returns paragraphs joined by "\n".
 */
export function joinParagraphs(lines: readonly string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (i === 0) {
      out = line;
      continue;
    }
    const previous = lines[i - 1];
    const breaks = PARAGRAPH_END.test(previous) || isHeading(previous) || isHeading(line);
    // Keep a space between Latin/digit runs so "2029" and "年" in separate lines stay readable.
    const glue = breaks ? '\n' : /[A-Za-z0-9]$/.test(previous) && /^[A-Za-z0-9]/.test(line) ? ' ' : '';
    out += glue + line;
  }
  return out;
}

/** A sentence of a paragraph with its position in the joined text. */
export interface Sentence {
  text: string;
  start: number;
}

/**
 * Real sentences stay well under this; longer runs (tables, OCR without punctuation, hostile
 * input) are cut at clause marks, then hard, so every per-sentence step stays bounded.
 */
export const MAX_SENTENCE_LENGTH = 600;

function* boundedPieces(text: string, start: number): Generator<Sentence> {
  if (text.length <= MAX_SENTENCE_LENGTH) {
    yield { text, start };
    return;
  }
  const clause = /[^；;，,]+[；;，,]?/g;
  for (let m = clause.exec(text); m; m = clause.exec(text)) {
    for (let i = 0; i < m[0].length; i += MAX_SENTENCE_LENGTH) {
      yield { text: m[0].slice(i, i + MAX_SENTENCE_LENGTH), start: start + m.index + i };
    }
  }
}

/** Splits joined paragraphs into sentences at 。！？ and paragraph ends; the terminator stays. */
export function splitSentences(paragraphs: string): Sentence[] {
  const sentences: Sentence[] = [];
  const pattern = /[^。！？!?\n]+(?:[。！？!?]+[”」』）)]?)?/g;
  for (let match = pattern.exec(paragraphs); match; match = pattern.exec(paragraphs)) {
    const raw = match[0];
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text) sentences.push(...boundedPieces(text, match.index + lead));
  }
  return sentences;
}

const GAP = '[ \\t\\u3000]{1,2}';
/** Blanks inside a number that ends in a date or time unit ("1 5日", "2 02 4年", "1 0个工作日"). */
const SPLIT_DIGITS = new RegExp(
  `(?<=\\d)${GAP}(?=(?:\\d(?:${GAP})?){1,3}[ \\t\\u3000]{0,2}(?:[年月日号天]|个|小时|工作日))`,
  'g',
);
/** Numeric dates: "2024.11.20", "2024-11-20", "2024/11/20", "2024年11.20". */
const DOTTED_DATE =
  /(?<![\d./-])((?:19|20)\d{2})[.．/-]\s{0,2}(1[0-2]|0?[1-9])[.．/-]\s{0,2}(3[01]|[12]\d|0?[1-9])(?![\d./-])/g;
/** Eight digits forming a valid date: "20241120". */
const COMPACT_DATE = /(?<![\d-])((?:19|20)\d{2})(1[0-2]|0[1-9])(3[01]|[12]\d|0[1-9])(?![\d-])/g;
/** Chinese tens before an Arabic unit digit ("十1月", "二十5日"), as typed by hand. */
const MIXED_TENS = /(?<![一二三四五六七八九十])([一二三])?十(\d)(?=[ \t\u3000]{0,2}[月日号])/g;
const TENS: Record<string, number> = { 一: 1, 二: 2, 三: 3 };

/**
 * Rewrites the noisy forms of dates into the plain Chinese form the matchers read: blanks inside
 * numbers, numeric dates with dots, dashes or slashes, eight-digit dates and mixed numerals.
 */
export function repairDates(text: string): string {
  return text
    .replace(SPLIT_DIGITS, '')
    .replace(DOTTED_DATE, (_m, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`)
    .replace(COMPACT_DATE, (_m, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`)
    .replace(MIXED_TENS, (_m, tens: string | undefined, unit: string) =>
      String((TENS[tens ?? '一'] ?? 1) * 10 + Number(unit)),
    );
}
