import { DOC_NUMBER, cleanDocNumber, docNumberOfHeaderLine } from './doc-number';
import { cleanOrgLine, isOrgLine } from './org-names';
import { readRecipientsAt } from './recipients';
import { readAttachments } from './attachments';
import { readTitleAt, titleKey } from './notice-title';

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
  /**
   * `main`: the notice; `forwarded`: another office's notice it carries; `own-attachment`: one of
   * the notice's own attachments (a plan, a form) reproduced after a forwarded one.
   */
  role: 'main' | 'forwarded' | 'own-attachment';
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
  layout: Omit<DocumentLayout, 'recipients' | 'bodyStart' | 'end' | 'role'> & { role?: DocumentLayout['role'] },
  lines: readonly string[],
  titleNext: number,
): DocumentLayout {
  const recipients = readRecipientsAt(lines, titleNext);
  return {
    role: 'forwarded',
    ...layout,
    end: lines.length,
    recipients: recipients?.recipients ?? [],
    bodyStart: recipients?.next ?? titleNext,
  };
}

function mainDocument(lines: readonly string[]): DocumentLayout {
  return { ...mainLayout(lines), role: 'main' };
}

function mainLayout(lines: readonly string[]): DocumentLayout {
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
    role: 'main',
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

/** "附件" / "附件2" alone on a line: the attachment's own text follows. */
const ATTACHMENT_HEADING = /^附\s*件\s*\d{0,2}\s*[:：]?$/;
/** Another office's notice ("民政部 全国老龄办关于…的通知"), as opposed to a plan or a form of this one. */
const OTHER_OFFICE_NOTICE = /^.{2,60}?关于.{2,}(?:通知|函|意见|决定|通报)$/;

/** Titles the main notice lists as its attachments, read before the first reproduced document. */
function ownAttachmentTitles(lines: readonly string[], bodyStart: number): Set<string> {
  let end = bodyStart;
  while (end < lines.length && !ATTACHMENT_HEADING.test(lines[end]) && !isDocNumberLine(lines[end])) end++;
  return new Set(readAttachments(lines.slice(bodyStart, end)).map(titleKey));
}

/**
 * An attached notice from another office reproduced without its 文号 header: "附件" alone, then
 * its title, then its 主送 ("各市民政局："). The notice's own attachments (方案, 表) do not match.
 */
function attachedNoticeAt(lines: readonly string[], i: number): { title: string; next: number } | null {
  if (!ATTACHMENT_HEADING.test(lines[i])) return null;
  const title = readTitleAt(lines, i + 1);
  if (!title || !OTHER_OFFICE_NOTICE.test(title.title.replace(/《[^》]*》/g, '《》'))) return null;
  return readRecipientsAt(lines, title.next) ? title : null;
}

/**
 * The main document and the documents embedded after it (a forwarded notice reproduced as an
 * attachment, with its own 文号 header or under a "附件" heading with its title and 主送). The main
 * document ends where the first embedded one starts.
 */
export function layoutDocuments(lines: readonly string[]): DocumentLayout[] {
  const main = mainDocument(lines);
  const documents: DocumentLayout[] = [main];
  const own = ownAttachmentTitles(lines, main.bodyStart);
  for (let i = main.bodyStart; i < lines.length; i++) {
    const ownTitle = ATTACHMENT_HEADING.test(lines[i]) ? readTitleAt(lines, i + 1) : null;
    if (ownTitle && own.has(titleKey(ownTitle.title)) && documents.length > 1) {
      documents[documents.length - 1].end = i;
      documents.push({
        ...withBody({ start: i, headerIssuer: null, docNumber: null, title: ownTitle.title }, lines, ownTitle.next),
        role: 'own-attachment',
      });
      i = documents[documents.length - 1].bodyStart - 1;
      continue;
    }
    const attached = attachedNoticeAt(lines, i);
    if (attached) {
      documents[documents.length - 1].end = i;
      documents.push(
        withBody({ start: i, headerIssuer: null, docNumber: null, title: attached.title }, lines, attached.next),
      );
      i = documents[documents.length - 1].bodyStart - 1;
      continue;
    }
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
