// 联系人 blocks: "联系人：省民政厅老龄工作处 张书毓 / 联系电话：0351-6387015，15972913611 /
// 电子邮箱：…", also inline "（联系人：张三，电话：…）" and several people in one block.

/** One person to contact. Several numbers of one person are joined with "、" (see docs/notice-parser.md). */
export interface Contact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

const spaced = (word: string): string => [...word].join('\\s*');
const CONTACT_START = new RegExp(
  `${spaced('联系人')}|${spaced('联系方式')}|${spaced('联系电话')}|${spaced('咨询电话')}`,
  'g',
);
/** Lines that continue a contact block. */
const CONTACT_LINE = new RegExp(
  `^(?:${spaced('联系人')}|联系|电\\s*话|手\\s*机|座\\s*机|固\\s*话|办公电话|邮\\s*箱|电子邮箱|电子信箱|E-?mail|传\\s*真|[\\u4e00-\\u9fa5]{2,4}\\s*[：:]?\\s*(?:\\(?0\\d{2,3}|1[3-9]\\d))`,
  'i',
);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const MOBILE = '1[3-9]\\d{9}';
// With an area code any local number; without one it must not start like a mobile or a year.
const LANDLINE = '(?:[（(]?0\\d{2,3}[)）]?\\s*[-－—–]?\\s*\\d{7,8}|[2-9]\\d{6,7})(?:\\s*(?:转|-|－)\\s*\\d{1,5})?';
const PHONE = new RegExp(`(?<![\\d@.])(?:${MOBILE}|${LANDLINE})(?![\\d@])`, 'g');
/** Numbers that are not phones of the contact: fax, postcode, QQ. */
const NOT_PHONE = /(?:传\s*真|邮\s*编|邮政编码|QQ|qq)\s*[：:]?\s*[\d\-－()（）\s]+/g;
const LABELS = new RegExp(
  `${spaced('联系人')}|${spaced('联系方式')}|${spaced('联系电话')}|咨询电话|办公电话|电\\s*话|手\\s*机|座\\s*机|固\\s*话|电子邮箱|电子信箱|邮\\s*箱|E-?mail|地\\s*址[：:][^，。；\\n]*|及`,
  'gi',
);
const UNIT_THEN_NAME = /^(.{2,}?(?:处|科|室|局|厅|办|部|委|中心|股|组|站|所|院|会|队|司))([\u4e00-\u9fa5]{2,3})$/;
const ORG_END = /(?:处|科|室|局|厅|办|部|委|中心|股|组|站|所|院|会|队|司|单位|公司|学校)$/;
const NOT_NAME = /^(?:同志|女士|先生|老师|电话|联系|手机|邮箱|传真|地址|方式|工作日|上午|下午|以上|附件)$/;

interface Token {
  at: number;
  kind: 'name' | 'phone' | 'email';
  value: string;
}

function nameOf(candidate: string): string | null {
  const word = candidate.replace(/(?:同志|女士|先生)$/, '');
  const split = UNIT_THEN_NAME.exec(word);
  if (split) return split[2];
  if (/^[\u4e00-\u9fa5]{2,4}$/.test(word) && !ORG_END.test(word) && !NOT_NAME.test(word)) return word;
  if (/^[\u4e00-\u9fa5]{1,6}·[\u4e00-\u9fa5]{1,8}$/.test(word)) return word;
  return null;
}

function tokens(block: string): Token[] {
  const found: Token[] = [];
  let rest = block.replace(NOT_PHONE, (m) => ' '.repeat(m.length));
  rest = rest.replace(EMAIL, (m, at: number) => {
    found.push({ at, kind: 'email', value: m });
    return ' '.repeat(m.length);
  });
  rest = rest.replace(PHONE, (m, at: number) => {
    found.push({ at, kind: 'phone', value: m.replace(/\s+/g, '').replace(/[－—–]/g, '-') });
    return ' '.repeat(m.length);
  });
  rest = rest.replace(LABELS, (m) => ' '.repeat(m.length));
  const words = /[^\s，,、；;：:（）()/\\|。]+/g;
  for (let m = words.exec(rest); m; m = words.exec(rest)) {
    const name = nameOf(m[0]);
    if (name) found.push({ at: m.index, kind: 'name', value: name });
  }
  return found.sort((a, b) => a.at - b.at);
}

/** Pairs names with the numbers and addresses that follow them. */
function contactsOf(block: string): Contact[] {
  const people: { name: string | null; phones: string[]; emails: string[] }[] = [];
  let lastServed = -1;
  for (const token of tokens(block)) {
    if (token.kind === 'name') {
      people.push({ name: token.value, phones: [], emails: [] });
      continue;
    }
    if (people.length === 0) people.push({ name: null, phones: [], emails: [] });
    if (token.kind === 'phone') {
      // "张三、李四 电话：1，2" lists names first: numbers go to the people still without one,
      // in order; a further number belongs to the last person served ("张三 电话：1，2").
      const waiting = people.findIndex((p, i) => i > lastServed && p.phones.length === 0);
      const index = waiting >= 0 ? waiting : Math.max(lastServed, people.length - 1);
      people[index].phones.push(token.value);
      lastServed = index;
    } else {
      const owner = people[Math.max(lastServed, 0)];
      const target = owner.emails.length === 0 ? owner : people[people.length - 1];
      if (target.emails.length === 0) target.emails.push(token.value);
    }
  }
  // One number or address for several people ("联系人：张三、李四 电话：…") applies to all of them.
  const phones = [...new Set(people.flatMap((p) => p.phones))];
  const emails = [...new Set(people.flatMap((p) => p.emails))];
  return people.map((p) => ({
    name: p.name,
    phone: (p.phones.length > 0 ? p.phones : phones.length === 1 ? phones : []).join('、') || null,
    email: p.emails[0] ?? (emails.length === 1 ? emails[0] : null),
  }));
}

/** Where an inline mention ends: the sentence end, or the bracket it sits in closing. */
function inlineEnd(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '。') return i;
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return text.length;
}

/** Blocks starting at a 联系人 label: the rest of its line plus the contact lines right after it. */
function contactBlocks(lines: readonly string[]): string[] {
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    CONTACT_START.lastIndex = 0;
    const start = CONTACT_START.exec(lines[i]);
    if (!start) continue;
    const first = lines[i].slice(start.index);
    let block = first.slice(0, inlineEnd(first));
    let j = i + 1;
    while (j < lines.length && CONTACT_LINE.test(lines[j]) && !new RegExp(`^${spaced('联系人')}`).test(lines[j])) {
      block += `\n${lines[j]}`;
      j++;
    }
    blocks.push(block);
    i = j - 1;
  }
  return blocks;
}

/** Every contact of a document, one entry per person. */
export function readContacts(lines: readonly string[]): Contact[] {
  const seen = new Set<string>();
  const contacts: Contact[] = [];
  for (const block of contactBlocks(lines)) {
    for (const contact of contactsOf(block)) {
      const key = `${contact.name}|${contact.phone}|${contact.email}`;
      if (seen.has(key)) continue;
      seen.add(key);
      contacts.push(contact);
    }
  }
  return contacts;
}
