import { type WorkCalendar } from '../calendar/work-calendar';
import { extractObligations } from '../obligations/obligation-extractor';
import { type Obligation } from '../obligations/obligation.types';
import { type DateReference } from '../obligations/year-inference';
import { type CivilDate, formatCivilDate, parseIsoDate } from '../time/civil-date';
import { joinParagraphs, noticeLines, repairDates, splitSentences } from '../text/notice-text';
import { readAttachments } from './attachments';
import { type Contact, readContacts } from './contacts';
import { yearOfDocNumber } from './doc-number';
import { type ForwardedDocument, collectForwards } from './forwards';
import { layoutDocuments } from './notice-layout';
import { findLabelledRecipients } from './recipients';
import { readSignature } from './signature';

/** The structured reading of a notice; the JSON schema other tools consume (docs/notice-parser.md). */
export interface ParsedNotice {
  docNumber: string | null;
  title: string | null;
  issuer: string | null;
  /** YYYY-MM-DD: the 落款 date, else the caller's issuedOn, else null. */
  issuedOn: string | null;
  recipients: string[];
  forwards: ForwardedDocument[];
  attachments: string[];
  contacts: Contact[];
  obligations: Obligation[];
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

/**
 * Reads a Chinese government notice: 文号, title, issuer, 落款 date, 主送, forwarded documents,
 * attachments, contacts and every sentence that imposes a deadline or duty. Never throws: text it
 * cannot read yields nulls, empty lists and warnings.
 */
export function parseNotice(text: string, options: ParseNoticeOptions = {}): ParsedNotice {
  const warnings: string[] = [];
  const lines = noticeLines(typeof text === 'string' ? text : '');
  const [main, ...embedded] = layoutDocuments(lines);
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

  // Obligations come from the whole text after the main header: an embedded (forwarded) notice's
  // requirements reach the reader too.
  const sentences = splitSentences(repairDates(joinParagraphs(lines.slice(main.bodyStart))));
  const extracted = extractObligations(sentences, reference);
  warnings.push(...extracted.warnings);
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

  return {
    docNumber: main.docNumber,
    title: main.title,
    issuer: signature.issuer ?? main.headerIssuer ?? issuerFromTitle(main.title),
    issuedOn: issued ? formatCivilDate(issued) : null,
    recipients,
    forwards,
    attachments,
    contacts: readContacts(bodyLines),
    obligations: extracted.obligations,
    warnings: [...new Set(warnings)],
  };
}
