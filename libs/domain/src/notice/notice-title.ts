// Titles: "临汾市民政局 临汾市老龄工作委员会办公室关于…的通知" and forwarding chains
// "…关于转发《民政部 全国老龄办关于转发〈…〉的通知》的通知".

/** Kinds of official documents a title ends with. */
export const DOCUMENT_KIND =
  '(?:通知|通报|意见|决定|办法|方案|函|复函|批复|报告|请示|公告|通告|纪要|规定|细则|规划|要点|计划|指引|指南|命令|决议|议案|条例|规则|标准)';
const TITLE_END = new RegExp(`${DOCUMENT_KIND}[》〉]*$`);

/** Normalised for comparisons: no blanks or 、, one bracket style, one quote style. */
export function titleKey(title: string): string {
  return title
    .replace(/[\s、·]/g, '')
    .replace(/〈/g, '《')
    .replace(/〉/g, '》')
    .replace(/[“”"„‟]/g, '"');
}

/**
 * Removes layout blanks from a title: inside the subject (after 关于) every blank is a line
 * break artefact; between issuing agencies before 关于 one blank separates their names.
 */
export function cleanTitle(raw: string): string {
  const collapsed = raw.replace(/\s+/g, ' ').trim();
  let depth = 0;
  let subject = false; // inside the current bracket level, has 关于 been seen?
  const stack: boolean[] = [];
  let out = '';
  for (let i = 0; i < collapsed.length; i++) {
    const c = collapsed[i];
    if (c === '《' || c === '〈') {
      stack.push(subject);
      subject = false;
      depth++;
    } else if ((c === '》' || c === '〉') && depth > 0) {
      subject = stack.pop() ?? false;
      depth--;
    }
    if (c === ' ') {
      const next = collapsed.slice(i + 1, i + 3);
      if (subject || next === '关于' || /[《〈“]$/.test(out) || /^[》〉”的]/.test(next)) continue;
    }
    out += c;
    if (collapsed.slice(i - 1, i + 1) === '关于') subject = true;
  }
  return out;
}

export function looksLikeTitle(text: string): boolean {
  return TITLE_END.test(text) && !/[。，；：:]/.test(text.replace(/《[^》]*》/g, ''));
}

function balanced(text: string): boolean {
  const opens = (text.match(/[《〈]/g) ?? []).length;
  const closes = (text.match(/[》〉]/g) ?? []).length;
  return opens === closes;
}

/**
 * A title starting at `lines[from]`, wrapped over up to five lines; null when the lines there do
 * not form one. Returns the title and the index of the line after it.
 */
export function readTitleAt(lines: readonly string[], from: number): { title: string; next: number } | null {
  let text = '';
  for (let i = from; i < Math.min(lines.length, from + 5); i++) {
    const line = lines[i];
    if (/[。；]/.test(line) || /[：:]$/.test(line)) return null;
    text = text ? `${text} ${line}` : line;
    if (balanced(text) && looksLikeTitle(text)) return { title: cleanTitle(text), next: i + 1 };
  }
  return null;
}

/** A forwarded document's title from a forwarding title: "关于转发《X》的通知" → "X", one level. */
export function forwardedTitleOf(title: string): string | null {
  const bracketed = /(?:转发|批转|转送|转印发)[ ]?[《〈](.+)[》〉][ ]?的?(?:通知|函)[》〉]*$/.exec(title);
  if (bracketed) {
    // Inner titles use 〈〉 one level down; restore 《》 so the inner title reads as written alone.
    return bracketed[1].replace(/〈/g, '《').replace(/〉/g, '》').trim();
  }
  const plain = new RegExp(`(?:转发|批转|转送)(.{4,120}?${DOCUMENT_KIND})的(?:通知|函)$`).exec(title);
  return plain ? plain[1].trim() : null;
}

/** The whole chain of forwarded titles, outermost first. */
export function forwardChainOf(title: string): string[] {
  const chain: string[] = [];
  for (let current = forwardedTitleOf(title); current && chain.length < 8; current = forwardedTitleOf(current)) {
    chain.push(current);
  }
  return chain;
}
