import { DOC_NUMBER, cleanDocNumber, docNumberKey } from './doc-number';
import { forwardChainOf, looksLikeTitle, titleKey } from './notice-title';

/** A document this notice forwards, directly or further down the chain. */
export interface ForwardedDocument {
  title: string | null;
  docNumber: string | null;
}

const DOC = DOC_NUMBER.source;
/** "《民政部、全国老龄办关于…的通知》（民函〔2024〕56号）": a title with its 文号. */
const TITLE_WITH_NUMBER = new RegExp(
  `《(?<title>[^《》]{2,200})》[ \\t]{0,2}[（(][ \\t]{0,2}(?<doc>${DOC})[ \\t]{0,2}[)）]`,
  'g',
);
/** "现将《…》（…）转发给你们" / "…批转给你们". */
const FORWARD_PHRASE = new RegExp(
  `将[^。]{0,20}?《(?<title>[^《》]{2,200})》(?:[ \\t]{0,2}[（(][ \\t]{0,2}(?<doc>${DOC})[ \\t]{0,2}[)）])?[^。《]{0,30}?(?:转发|批转|转送)给?(?:你们|各地|你单位|你局|你厅|你委|你处)`,
  'g',
);

function unwrap(title: string): string {
  return title.replace(/^《(.*)》$/, '$1').trim();
}

/** An attached notice from another office ("省民政厅…关于转发《…》的通知") is itself forwarded. */
function isForwardedAttachment(attachment: string): boolean {
  const title = unwrap(attachment);
  return looksLikeTitle(title) && /^.{2,}关于/.test(title) && /(?:通知|函|意见|决定)$/.test(title);
}

class ForwardList {
  readonly items: ForwardedDocument[] = [];

  add(title: string | null, docNumber: string | null): void {
    const key = title ? titleKey(title) : null;
    const docKey = docNumber ? docNumberKey(docNumber) : null;
    const same = this.items.find(
      (f) =>
        (key !== null && f.title !== null && titleKey(f.title) === key) ||
        (docKey !== null && f.docNumber !== null && docNumberKey(f.docNumber) === docKey),
    );
    if (same) {
      same.docNumber ??= docNumber;
      same.title ??= title;
      return;
    }
    this.items.push({ title, docNumber });
  }

  addChain(title: string, docNumber: string | null): void {
    this.add(title, docNumber);
    for (const inner of forwardChainOf(title)) this.add(inner, null);
  }
}

export interface ForwardSources {
  title: string | null;
  attachments: readonly string[];
  embedded: readonly { title: string | null; docNumber: string | null }[];
  body: string;
}

/**
 * Forwarded documents, outermost first: the chain in the title, attached notices, notices
 * reproduced in full below the main one, and "现将《…》转发给你们" in the body; 文号 are filled in
 * wherever the text pairs a title with its number.
 */
export function collectForwards(sources: ForwardSources): ForwardedDocument[] {
  const list = new ForwardList();
  if (sources.title) for (const inner of forwardChainOf(sources.title)) list.add(inner, null);
  for (const attachment of sources.attachments)
    if (isForwardedAttachment(attachment)) list.addChain(unwrap(attachment), null);
  for (const doc of sources.embedded) if (doc.title) list.addChain(doc.title, doc.docNumber);
  const read = (pattern: RegExp, onlyKnown: boolean): void => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(sources.body); m; m = pattern.exec(sources.body)) {
      const title = m.groups!.title.trim();
      const doc = m.groups!.doc ? cleanDocNumber(m.groups!.doc) : null;
      if (!onlyKnown || list.items.some((f) => f.title !== null && titleKey(f.title) === titleKey(title)))
        list.addChain(title, doc);
    }
  };
  read(FORWARD_PHRASE, false);
  read(TITLE_WITH_NUMBER, true);
  return list.items;
}
