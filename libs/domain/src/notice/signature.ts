import { SP, fullDate, readDateParts } from '../obligations/date-patterns';
import { type CivilDate, isValidCivilDate } from '../time/civil-date';
import { cleanOrgLine, isOrgLine } from './org-names';

// The 落款: issuing office(s) over the 成文日期, e.g. "山西省民政厅\n2024年10月25日" or
// "二〇二四年十月二十五日" (with ○ / O typed for 〇).
const DATE_LINE = new RegExp(`^(?<org>.{0,60}?)${SP}${fullDate('s')}${SP}(?<tail>印发|发布)?$`);
const LABELLED_DATE = new RegExp(
  `(?:成文日期|发文日期|印发日期|发布日期|发布时间)${SP}[:：]${SP}(?:${fullDate('l')}|(?<iso>\\d{4}-\\d{1,2}-\\d{1,2}))`,
);

export interface Signature {
  issuer: string | null;
  issuedOn: CivilDate | null;
}

function dateOfLine(line: string): { date: CivilDate; org: string; printed: boolean } | null {
  const match = DATE_LINE.exec(line);
  if (!match) return null;
  const parts = readDateParts(match.groups!, 's');
  if (parts.year === null || parts.month === null || parts.day === null) return null;
  const date = { year: parts.year, month: parts.month, day: parts.day };
  const org = match.groups!.org.trim();
  if (!isValidCivilDate(date) || (org !== '' && !isOrgLine(org))) return null;
  return { date, org, printed: match.groups!.tail !== undefined };
}

function labelledDate(lines: readonly string[]): CivilDate | null {
  for (const line of lines.slice(0, 40)) {
    const match = LABELLED_DATE.exec(line);
    if (!match) continue;
    const g = match.groups!;
    let date: CivilDate;
    if (g.iso) {
      const [year, month, day] = g.iso.split('-').map(Number);
      date = { year, month, day };
    } else {
      const parts = readDateParts(g, 'l');
      date = { year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0 };
    }
    if (isValidCivilDate(date)) return date;
  }
  return null;
}

/**
 * Reads the 落款 of one document: the first date-only line after the body start that has office
 * names above it (or on the same line); else a "XXXX年X月X日印发" line or a "成文日期：" label.
 */
export function readSignature(lines: readonly string[], bodyStart: number): Signature {
  let printedOn: CivilDate | null = null;
  let bareDate: CivilDate | null = null;
  for (let i = Math.max(0, bodyStart); i < lines.length; i++) {
    const found = dateOfLine(lines[i]);
    if (!found) continue;
    if (found.printed) {
      printedOn ??= found.date;
      continue;
    }
    const above: string[] = [];
    for (let j = i - 1; j >= Math.max(bodyStart, i - 3) && isOrgLine(lines[j]); j--)
      above.unshift(cleanOrgLine(lines[j]));
    const issuer = [...above, found.org ? cleanOrgLine(found.org) : ''].filter(Boolean).join(' ');
    if (issuer) return { issuer, issuedOn: found.date };
    bareDate ??= found.date;
  }
  return { issuer: null, issuedOn: bareDate ?? printedOn ?? labelledDate(lines) };
}
