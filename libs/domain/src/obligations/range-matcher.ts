import { formatCivilDate, type CivilDate } from '../time/civil-date';
import { SP, day, fullDate, month, monthWithPart, readDateParts, type DateParts } from './date-patterns';
import { ACTIVITY, type Finding, type Matcher, eachMatch } from './finding';
import { resolveDateParts, type DateReference } from './year-inference';

const FROM_ISSUE =
  '(?<fromIssue>(?:自|从)?(?:即日|(?:本|该)?(?:通知|公告|通告|文件|方案|办法)?(?:印发|发布|公布|下发|施行|公告)?之日)起?)';
/** A weekday or clock time after either end is allowed but not needed for a range. */
const DECORATION = `(?:${SP}[（(]?(?:星期|周)[一二三四五六日天][)）]?)?(?:${SP}\\d{1,2}[:：]\\d{2})?`;
const START = `(?:${FROM_ISSUE}|${fullDate('s')}${DECORATION}|${monthWithPart('sp')}|${month('sm')}${SP}月份?)`;
const SEPARATOR = `${SP}(?:起|开始)?${SP}(?:至|到|—{1,2}|–|－|-|~|～)${SP}`;
const END = `(?:${fullDate('e')}|${monthWithPart('ep')}|(?<![\\d月])${day('ed')}${SP}[日号]|${month('em')}${SP}月份?(?![\\d一二三四五六七八九十]{1,3}${SP}[日号]))`;
const RANGE = new RegExp(`${START}${SEPARATOR}${END}${DECORATION}(?:${SP}(?:止|为止|结束))?`, 'g');

type Groups = Record<string, string | undefined>;
const monthOnly = (p: string, g: Groups): DateParts => ({ ...readDateParts(g, p), part: null, day: null });

function endParts(g: Groups): { parts: DateParts; sameMonthAsStart: boolean } | null {
  if (g.eMonth !== undefined) return { parts: readDateParts(g, 'e'), sameMonthAsStart: false };
  if (g.epMonth !== undefined) return { parts: readDateParts(g, 'ep'), sameMonthAsStart: false };
  if (g.emMonth !== undefined) return { parts: { ...monthOnly('em', g), part: '底' }, sameMonthAsStart: false };
  if (g.edDay !== undefined) return { parts: readDateParts(g, 'ed'), sameMonthAsStart: true };
  return null;
}

function startParts(g: Groups): DateParts | null {
  if (g.sMonth !== undefined) return readDateParts(g, 's');
  if (g.spMonth !== undefined) return readDateParts(g, 'sp');
  if (g.smMonth !== undefined) return { ...monthOnly('sm', g), part: '初' };
  return null;
}

function resolveRange(
  g: Groups,
  reference: DateReference,
  label: string,
): { start: CivilDate; end: CivilDate; warnings: string[] } | null {
  const end = endParts(g);
  if (!end) return null;
  const warnings: string[] = [];
  if (g.fromIssue !== undefined) {
    if (!reference.issued) return null;
    const resolved = resolveDateParts(end.parts, reference, { label });
    return resolved ? { start: reference.issued, end: resolved.date, warnings: resolved.warnings } : null;
  }
  const start = startParts(g);
  if (!start) return null;
  if (end.sameMonthAsStart)
    end.parts = { ...end.parts, year: start.year, relativeYear: start.relativeYear, month: start.month };
  // The end decides the year (it must not have passed at issue); the start follows it.
  const explicitStartYear = start.year !== null || start.relativeYear !== null;
  const explicitEndYear = end.parts.year !== null || end.parts.relativeYear !== null;
  let endDate: CivilDate;
  let startDate: CivilDate;
  if (explicitStartYear && !explicitEndYear) {
    const s = resolveDateParts(start, reference, { edge: 'start', rollover: false, label });
    if (!s) return null;
    const e = resolveDateParts({ ...end.parts, year: s.date.year }, reference, { label });
    if (!e) return null;
    startDate = s.date;
    endDate = e.date;
    if (formatCivilDate(endDate) < formatCivilDate(startDate)) {
      const next = resolveDateParts({ ...end.parts, year: s.date.year + 1 }, reference, { label });
      if (!next) return null;
      endDate = next.date;
    }
    warnings.push(...s.warnings, ...e.warnings);
  } else {
    const e = resolveDateParts(end.parts, reference, { label });
    if (!e) return null;
    endDate = e.date;
    const startYear = explicitStartYear ? null : endDate.year;
    let s = resolveDateParts(startYear === null ? start : { ...start, year: startYear }, reference, {
      edge: 'start',
      rollover: false,
      label,
    });
    if (s && !explicitStartYear && formatCivilDate(s.date) > formatCivilDate(endDate)) {
      s = resolveDateParts({ ...start, year: endDate.year - 1 }, reference, { edge: 'start', rollover: false, label });
    }
    if (!s) return null;
    startDate = s.date;
    warnings.push(...e.warnings, ...s.warnings);
  }
  return { start: startDate, end: endDate, warnings };
}

/** "11月1日至11月30日", "即日起至12月31日", "自公告之日起至…", "12月20日至次年1月10日". */
export const matchRanges: Matcher = ({ text, reference }) => {
  const found: Finding[] = [];
  eachMatch(RANGE, text, (match) => {
    const g = match.groups!;
    if (g.fromIssue === undefined && !ACTIVITY.test(text)) return;
    const resolved = resolveRange(g, reference, match[0].trim());
    if (!resolved) return;
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      obligation: { kind: 'range', start: formatCivilDate(resolved.start), end: formatCivilDate(resolved.end), text },
      warnings: resolved.warnings,
    });
  });
  return found;
};
