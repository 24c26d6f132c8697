import { type WorkCalendar } from '../calendar/work-calendar';
import { extractObligations } from '../obligations/obligation-extractor';
import { type Obligation } from '../obligations/obligation.types';
import { type DateReference } from '../obligations/year-inference';
import { type CivilDate, formatCivilDate, parseIsoDate } from '../time/civil-date';
import { joinParagraphs, noticeLines, repairDates, splitSentences } from '../text/notice-text';
import { readAttachments } from './attachments';
import { ARTICLE_WARNING, type DocumentKind, documentKindOf } from './document-kind';
import { type Contact, readContacts } from './contacts';
import { yearOfDocNumber } from './doc-number';
import { type ForwardedDocument, collectForwards } from './forwards';
import { type DocumentLayout, layoutDocuments } from './notice-layout';
import { forwardChainOf } from './notice-title';
import { findLabelledRecipients } from './recipients';
import { readSignature } from './signature';

/** Which document an upstream requirement comes from. */
export interface ObligationSource {
  /** Always "上级来文要求": shown to people as context, never as this notice's own duty. */
  label: '上级来文要求';
  title: string | null;
  docNumber: string | null;
}

/** A requirement of a document the notice forwards or attaches (the province's notice in the city's). */
export type UpstreamObligation = Obligation & { source: ObligationSource };

/** The structured reading of a notice; the JSON schema other tools consume (docs/notice-parser.md). */
export interface ParsedNotice {
  /** `article` for a news report or newsletter: its obligations are left empty and a warning says why. */
  documentKind: DocumentKind;
  docNumber: string | null;
  title: string | null;
  /** The innermost forwarded title ("关于转发《…关于转发《X》的通知》的通知" → X), else the title. */
  originalTitle: string | null;
  /** The title for forwarding this notice: "关于转发《originalTitle》的通知" (nested forwards collapse). */
  forwardTitle: string | null;
  issuer: string | null;
  /** YYYY-MM-DD: the 落款 date, else the caller's issuedOn, else null. */
  issuedOn: string | null;
  recipients: string[];
  forwards: ForwardedDocument[];
  attachments: string[];
  contacts: Contact[];
  /** This notice's own requirements (its body, without the documents it forwards or attaches). */
  obligations: Obligation[];
  /** Requirements of the forwarded or attached documents, for context only. */
  upstreamObligations: UpstreamObligation[];
  /** Chinese messages for a person to check (guessed years, weekday mismatches, calendar gaps). */
  warnings: string[];
}

export interface ParseNoticeOptions {
  /** Issue date (YYYY-MM-DD) to use when the notice has no 落款 date. */
  issuedOn?: string | null;
  /** When given, obligations in years this calendar does not know produce a warning. */
  calendar?: WorkCalendar;
}

function issuerFromTitle(title: string | null): string | null {
  const prefix = title ? /^(.{2,60}?)关于/.exec(title)?.[1].trim() : null;
  return prefix && !/[《“]/.test(prefix) ? prefix : null;
}

function obligationYears(obligations: readonly Obligation[], issued: CivilDate | null): Set<number> {
  const years = new Set<number>();
  for (const o of obligations) {
    if (o.kind === 'deadline') years.add(Number(o.due.slice(0, 4)));
    else if (o.kind === 'range') [o.start, o.end].forEach((d) => years.add(Number(d.slice(0, 4))));
    else if (issued) years.add(issued.year);
  }
  return years;
}

function upstreamOf(doc: DocumentLayout, obligations: readonly Obligation[]): UpstreamObligation[] {
  const source: ObligationSource = { label: '上级来文要求', title: doc.title, docNumber: doc.docNumber };
  return obligations.map((o) => ({ ...o, source }));
}

/**
 * Reads a Chinese government notice: 文号, title, issuer, 落款 date, 主送, forwarded documents,
 * attachments, contacts and every sentence that imposes a deadline or duty. Never throws: text it
 * cannot read yields nulls, empty lists and warnings.
 */
export function parseNotice(text: string, options: ParseNoticeOptions = {}): ParsedNotice {
  const warnings: string[] = [];
  const lines = noticeLines(typeof text === 'string' ? text : '');
  const [main, ...reproduced] = layoutDocuments(lines);
  const embedded = reproduced.filter((d) => d.role === 'forwarded');
  const ownAttachments = reproduced.filter((d) => d.role === 'own-attachment');
  const mainLines = lines.slice(0, main.end);
  const bodyLines = mainLines.slice(main.bodyStart);

  const signature = readSignature(mainLines, main.bodyStart);
  const given = options.issuedOn ? parseIsoDate(options.issuedOn) : null;
  if (options.issuedOn && !given) warnings.push(`成文日期参数 “${options.issuedOn}” 无效，应为 YYYY-MM-DD`);
  if (signature.issuedOn && given && formatCivilDate(signature.issuedOn) !== formatCivilDate(given)) {
    warnings.push(
      `落款日期 ${formatCivilDate(signature.issuedOn)} 与指定的成文日期 ${formatCivilDate(given)} 不一致，以落款日期为准`,
    );
  }
  const issued = signature.issuedOn ?? given;
  const fallbackYear = issued ? null : main.docNumber ? yearOfDocNumber(main.docNumber) : null;
  if (!issued) {
    warnings.push(
      fallbackYear
        ? `未找到成文日期，未写年份的日期按文号年份 ${fallbackYear} 年理解，请核对或指定成文日期`
        : '未找到成文日期，未写年份的日期无法确定年份，请指定成文日期',
    );
  }
  const reference: DateReference = { issued, fallbackYear };

  // The main body holds this notice's own requirements; an embedded (forwarded) notice's are
  // addressed to other units and stay apart as context.
  const extractLines = (from: number, to: number) =>
    extractObligations(splitSentences(repairDates(joinParagraphs(lines.slice(from, to)))), reference);
  const extracted = extractLines(main.bodyStart, main.end);
  for (const doc of ownAttachments) {
    const more = extractLines(doc.bodyStart, doc.end);
    extracted.obligations.push(...more.obligations);
    extracted.warnings.push(...more.warnings);
  }
  warnings.push(...extracted.warnings);
  const upstreamObligations = embedded.flatMap((doc) =>
    upstreamOf(doc, extractLines(doc.bodyStart, doc.end).obligations),
  );
  if (upstreamObligations.length > 0) {
    const documents = [...new Set(upstreamObligations.map((o) => o.source.docNumber ?? o.source.title ?? ''))];
    warnings.push(
      `附件中的上级来文（${documents.join('、')}）有 ${upstreamObligations.length} 项要求，已作为“上级来文要求”单列供参考，未计入本通知的要求`,
    );
  }
  if (options.calendar) {
    for (const year of [...obligationYears(extracted.obligations, issued)].sort()) {
      if (!options.calendar.knowsYear(year)) {
        warnings.push(
          `工作日历缺少 ${year} 年的放假安排，涉及该年的工作日将无法准确计算，请补充 config/calendar/${year}.json`,
        );
      }
    }
  }

  const attachments = readAttachments(bodyLines);
  const forwards = collectForwards({
    title: main.title,
    attachments,
    embedded: embedded.map((d) => ({ title: d.title, docNumber: d.docNumber })),
    body: joinParagraphs(lines.slice(main.bodyStart)),
  });
  const recipients = main.recipients.length > 0 ? main.recipients : (findLabelledRecipients(mainLines) ?? []);
  const documentKind = documentKindOf(lines.join('\n'), {
    docNumber: main.docNumber,
    title: main.title,
    recipients,
    issuedOnPrinted: signature.issuedOn !== null,
  });
  if (documentKind === 'article') warnings.push(ARTICLE_WARNING);
  const originalTitle = main.title ? (forwardChainOf(main.title).at(-1) ?? main.title) : null;

  return {
    documentKind,
    docNumber: main.docNumber,
    title: main.title,
    originalTitle,
    forwardTitle: originalTitle ? `关于转发《${originalTitle}》的通知` : null,
    issuer: signature.issuer ?? main.headerIssuer ?? issuerFromTitle(main.title),
    issuedOn: issued ? formatCivilDate(issued) : null,
    recipients,
    forwards,
    attachments,
    contacts: readContacts(bodyLines),
    obligations: documentKind === 'article' ? [] : extracted.obligations,
    upstreamObligations: documentKind === 'article' ? [] : upstreamObligations,
    warnings: [...new Set(warnings)],
  };
}
