import { parseNotice } from '../../notice/notice-parser';
import { type Obligation } from '../obligation.types';
import { type CorpusCategory, type CorpusSentence, type ExpectedObligation } from './notice-sentence-corpus';

export interface SentenceVerdict {
  sentence: CorpusSentence;
  correct: boolean;
  found: Omit<Obligation, 'text'>[];
}

export interface CorpusAccuracy {
  total: number;
  correct: number;
  /** correct / total, 0–1. */
  accuracy: number;
  byCategory: Record<CorpusCategory, { total: number; correct: number }>;
  verdicts: SentenceVerdict[];
}

const withoutText = ({ text: _text, ...rest }: Obligation): Omit<Obligation, 'text'> => rest;

/** Every listed field of every expected obligation, in order, and nothing more found. */
function matches(found: readonly Omit<Obligation, 'text'>[], expected: readonly ExpectedObligation[]): boolean {
  return (
    found.length === expected.length &&
    expected.every((e, i) =>
      Object.entries(e).every(([key, value]) => (found[i] as Record<string, unknown>)[key] === value),
    )
  );
}

/** A sentence is right when the parser finds exactly its obligations with the listed fields. */
export function judgeSentence(sentence: CorpusSentence): SentenceVerdict {
  const found = parseNotice(sentence.text, { issuedOn: sentence.issued }).obligations.map(withoutText);
  return { sentence, correct: matches(found, sentence.expected), found };
}

export function measureCorpus(corpus: readonly CorpusSentence[]): CorpusAccuracy {
  const verdicts = corpus.map(judgeSentence);
  const byCategory = {} as CorpusAccuracy['byCategory'];
  for (const v of verdicts) {
    const entry = (byCategory[v.sentence.category] ??= { total: 0, correct: 0 });
    entry.total++;
    if (v.correct) entry.correct++;
  }
  const correct = verdicts.filter((v) => v.correct).length;
  return { total: verdicts.length, correct, accuracy: correct / verdicts.length, byCategory, verdicts };
}
