import { type Sentence } from '../text/notice-text';
import { matchDeadlines } from './deadline-matcher';
import { type Finding, type Matcher } from './finding';
import { type Obligation } from './obligation.types';
import { matchQuotas } from './quota-matcher';
import { matchRanges } from './range-matcher';
import { matchRecurring } from './recurring-matcher';
import { matchRelative } from './relative-matcher';
import { type DateReference } from './year-inference';

/**
 * Most specific first: a quota ("每年至少开展1项") or a recurring rule ("每月5日前") must not
 * also be read as a plain date, and a range must not leave its end behind as a deadline.
 */
const MATCHERS: readonly Matcher[] = [matchQuotas, matchRecurring, matchRanges, matchDeadlines, matchRelative];

/** Characters without which a sentence cannot hold a time rule: a cheap filter before the regexes. */
const TEMPORAL_HINT = /[月日号周年季内前止至起天时]/;

export interface ExtractedObligations {
  obligations: Obligation[];
  warnings: string[];
}

/** Every obligation of one sentence, in reading order. */
export function extractFromSentence(text: string, reference: DateReference): ExtractedObligations {
  if (!TEMPORAL_HINT.test(text)) return { obligations: [], warnings: [] };
  const accepted: Finding[] = [];
  for (const matcher of MATCHERS) {
    for (const finding of matcher({ text, reference })) {
      if (!accepted.some((a) => a.start < finding.end && finding.start < a.end)) accepted.push(finding);
    }
  }
  accepted.sort((a, b) => a.start - b.start);
  return { obligations: accepted.map((f) => f.obligation), warnings: accepted.flatMap((f) => f.warnings) };
}

/** Obligations of all sentences; warnings are de-duplicated. */
export function extractObligations(sentences: readonly Sentence[], reference: DateReference): ExtractedObligations {
  const obligations: Obligation[] = [];
  const warnings = new Set<string>();
  for (const sentence of sentences) {
    const extracted = extractFromSentence(sentence.text, reference);
    obligations.push(...extracted.obligations);
    extracted.warnings.forEach((w) => warnings.add(w));
  }
  return { obligations, warnings: [...warnings] };
}
