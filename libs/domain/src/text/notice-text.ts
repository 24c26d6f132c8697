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
