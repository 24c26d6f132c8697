import { cleanTitle, looksLikeTitle } from './notice-title';

const ATTACHMENT_LABEL = /^附\s*件\s*(?:\d{1,2}\s*)?[：:]\s*(?<rest>.*)$/;
const NUMBERED = /^(?<n>\d{1,2})\s*[.．、]\s*(?<item>\S.*)$/;

function unbalanced(text: string): boolean {
  return (text.match(/[《〈（(]/g) ?? []).length > (text.match(/[》〉）)]/g) ?? []).length;
}

function clean(item: string): string {
  const trimmed = item.replace(/^\d{1,2}\s*[.．、]\s*/, '').trim();
  return looksLikeTitle(trimmed) || /关于/.test(trimmed) ? cleanTitle(trimmed) : trimmed.replace(/\s+/g, ' ');
}

/** "附件：1.…  2.…" (items on the label line and the numbered lines after it; wrapped titles joined). */
export function readAttachments(lines: readonly string[]): string[] {
  const items: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const label = ATTACHMENT_LABEL.exec(lines[i]);
    if (!label) continue;
    let current = label.groups!.rest.trim();
    let j = i + 1;
    const flush = (): void => {
      if (current) items.push(clean(current));
      current = '';
    };
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (current && unbalanced(current) && !NUMBERED.test(line)) {
        current += ` ${line}`;
        continue;
      }
      const numbered = NUMBERED.exec(line);
      if (!numbered || /[。；]$/.test(line)) break;
      flush();
      current = line;
    }
    flush();
    i = j - 1;
  }
  return [...new Set(items)];
}
