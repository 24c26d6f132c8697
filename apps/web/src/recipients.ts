import type { UnitChild } from './api';

export interface RecipientMatch {
  phrase: string;
  codes: string[];
}

const strip = (name: string) => name.replace(/[（(].*?[）)]/g, '').replace(/\s/g, '');

/**
 * Matches the 主送 phrases of a notice to the issuer's subordinates by name: a unit named in full
 * (or its place name), or a group such as 各县（市、区）民政局 (every county-level subordinate),
 * 各市民政局 (every city) or 各成员单位 (every member unit).
 */
export function matchRecipients(phrases: readonly string[], units: readonly UnitChild[]): RecipientMatch[] {
  return phrases.map((phrase) => {
    const text = strip(phrase);
    const named = units.filter((unit) => {
      const name = strip(unit.name);
      const place = name.replace(/(民政局|民政厅|人民政府|办事处)$/, '');
      return (
        text === name || text.includes(name) || (place.length >= 2 && text.includes(place) && !text.startsWith('各'))
      );
    });
    if (named.length) return { phrase, codes: named.map((u) => u.code) };
    if (/成员单位/.test(text)) return { phrase, codes: units.filter((u) => u.level === 'member').map((u) => u.code) };
    if (/^各.*(县|区)/.test(phrase))
      return { phrase, codes: units.filter((u) => u.level === 'county').map((u) => u.code) };
    if (/^各.*(乡|镇|街道)/.test(phrase))
      return { phrase, codes: units.filter((u) => u.level === 'township').map((u) => u.code) };
    if (/^各.*市/.test(phrase)) return { phrase, codes: units.filter((u) => u.level === 'city').map((u) => u.code) };
    return { phrase, codes: [] };
  });
}
