import { DOC_NUMBER, cleanDocNumber, docNumberOfHeaderLine } from './doc-number';
import { cleanOrgLine, isOrgLine } from './org-names';
import { readRecipientsAt } from './recipients';
import { readTitleAt } from './notice-title';

/** Where one document sits in the lines of a text, and what its header says. */
export interface DocumentLayout {
  /** First line (its 发文机关标志 or 文号) and the line after its last one. */
  start: number;
  end: number;
  headerIssuer: string | null;
  docNumber: string | null;
  title: string | null;
  recipients: string[];
  /** First line of the body, after title and 主送. */
  bodyStart: number;
}

/** How far from the top the header of the main document may be. */
const HEADER_WINDOW = 15;
const LABELLED_DOC_NUMBER = /^(?:发文字号|文\s*号)\s*[:：]\s*(.+)$/;

/** A 文号 line of a header: the number and little else ("签发人：…" may follow). */
function isDocNumberLine(line: string): string | null {
  const docNumber = docNumberOfHeaderLine(line);
  return docNumber && line.length - docNumber.length <= 25 ? docNumber : null;
}

function headerIssuerAbove(
  lines: readonly string[],
  index: number,
  floor: number,
): { issuer: string; line: number } | null {
  for (let j = index - 1; j >= Math.max(floor, index - 3); j--) {
    if (isOrgLine(lines[j])) return { issuer: cleanOrgLine(lines[j]), line: j };
  }
  return null;
}

function titleAfter(lines: readonly string[], index: number): { title: string; next: number } | null {
  return readTitleAt(lines, index + 1) ?? (index + 2 < lines.length ? readTitleAt(lines, index + 2) : null);
}

function withBody(
  layout: Omit<DocumentLayout, 'recipients' | 'bodyStart' | 'end'>,
  lines: readonly string[],
  titleNext: number,
): DocumentLayout {
  const recipients = readRecipientsAt(lines, titleNext);
  return {
    ...layout,
    end: lines.length,
    recipients: recipients?.recipients ?? [],
    bodyStart: recipients?.next ?? titleNext,
  };
}

function mainDocument(lines: readonly string[]): DocumentLayout {
  for (let i = 0; i < Math.min(lines.length, HEADER_WINDOW); i++) {
    const docNumber = isDocNumberLine(lines[i]);
    if (!docNumber) continue;
    const title = titleAfter(lines, i);
    const issuer = headerIssuerAbove(lines, i, 0);
    if (title)
      return withBody(
        { start: 0, headerIssuer: issuer?.issuer ?? null, docNumber, title: title.title },
        lines,
        title.next,
      );
    // "文号" line without a title under it: the title may come first (web layouts).
    return withBody({ start: 0, headerIssuer: issuer?.issuer ?? null, docNumber, title: null }, lines, i + 1);
  }
  for (let i = 0; i < Math.min(lines.length, HEADER_WINDOW); i++) {
    const title = readTitleAt(lines, i);
    if (!title || !/关于|通知|转发|批转|印发/.test(title.title)) continue;
    const issuer = headerIssuerAbove(lines, i, 0);
    let docNumber: string | null = null;
    let next = title.next;
    for (let j = title.next; j < Math.min(lines.length, title.next + 2); j++) {
      const found = isDocNumberLine(lines[j]);
      if (found) {
        docNumber = found;
        next = j + 1;
      }
    }
    docNumber ??= labelledDocNumber(lines);
    return withBody({ start: 0, headerIssuer: issuer?.issuer ?? null, docNumber, title: title.title }, lines, next);
  }
  return {
    start: 0,
    end: lines.length,
    headerIssuer: null,
    docNumber: labelledDocNumber(lines),
    title: null,
    recipients: [],
    bodyStart: 0,
  };
}

function labelledDocNumber(lines: readonly string[]): string | null {
  for (const line of lines.slice(0, 40)) {
    const label = LABELLED_DOC_NUMBER.exec(line);
    if (!label) continue;
    DOC_NUMBER.lastIndex = 0;
    const found = DOC_NUMBER.exec(label[1]);
    if (found) return cleanDocNumber(found[0]);
  }
  return null;
}

/**
 * The main document and the documents embedded after it (a forwarded notice reproduced as an
 * attachment, with its own header). The main document ends where the first embedded one starts.
 */
export function layoutDocuments(lines: readonly string[]): DocumentLayout[] {
  const main = mainDocument(lines);
  const documents: DocumentLayout[] = [main];
  for (let i = main.bodyStart; i < lines.length; i++) {
    const docNumber = isDocNumberLine(lines[i]);
    if (!docNumber) continue;
    const title = titleAfter(lines, i);
    if (!title) continue;
    const previous = documents[documents.length - 1];
    const issuer = headerIssuerAbove(lines, i, previous.bodyStart);
    const start = issuer?.line ?? i;
    previous.end = start;
    documents.push(
      withBody({ start, headerIssuer: issuer?.issuer ?? null, docNumber, title: title.title }, lines, title.next),
    );
    i = documents[documents.length - 1].bodyStart - 1;
  }
  return documents;
}
