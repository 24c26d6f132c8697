// 主送: "省老龄委各成员单位，各市民政局、老龄办：" → ["省老龄委各成员单位", "各市民政局", "老龄办"].

const LABEL_LINE = /^(?:附\s*件|联\s*系|电\s*话|手\s*机|邮\s*箱|电子邮箱|抄\s*送|主题词|签发人|传\s*真|地\s*址)/;
/** Web-page metadata between title and 主送 ("发布时间：… 来源：…"): skipped, never a recipient. */
const METADATA_LINE =
  /^(?:发布时间|发布日期|发布机构|来源|索引号|浏览次数|点击|作者|成文日期|主题分类|发文字号|文号|生效日期|字号|【字体|打印|分享)/;
const OPENERS = '（(〔《“「【';
const CLOSERS = '）)〕》”」】';
/** An administrative level alone ("各省", "自治区") belongs to the next name: "各省、自治区、直辖市民政厅（局）". */
const BARE_LEVEL = /^各?(?:省|自治区|直辖市|市|州|盟|县|区|旗|乡|镇|乡镇|街道|计划单列市|副省级城市|市州|县市区)$/;

/** Splits on 、，,；; outside brackets and quotes, joining bare administrative levels to their office. */
export function splitRecipients(text: string): string[] {
  const body = text
    .replace(/^主送(?:单位|机关)?[：:]/, '')
    .replace(/[：:。]\s*$/, '')
    .trim();
  const pieces: { text: string; separator: string }[] = [];
  let depth = 0;
  let current = '';
  for (const c of body) {
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c) && depth > 0) depth--;
    if (depth === 0 && '、，,；;'.includes(c)) {
      pieces.push({ text: current.trim(), separator: c });
      current = '';
    } else current += c;
  }
  pieces.push({ text: current.trim(), separator: '' });
  const out: string[] = [];
  let pending = '';
  for (const piece of pieces) {
    if (!piece.text) continue;
    if (BARE_LEVEL.test(piece.text) && piece.separator === '、') {
      pending += `${piece.text}、`;
      continue;
    }
    out.push(pending + piece.text);
    pending = '';
  }
  if (pending) out.push(pending.replace(/、$/, ''));
  return out.map((r) => r.replace(/\s+/g, ''));
}

/**
 * The 主送 block right after the title: up to four lines ending with "：" and no sentence inside.
 * Returns the recipients and the index of the first body line.
 */
export function readRecipientsAt(
  lines: readonly string[],
  from: number,
): { recipients: string[]; next: number } | null {
  let text = '';
  let start = from;
  while (start < lines.length && start < from + 4 && METADATA_LINE.test(lines[start])) start++;
  for (let i = start; i < Math.min(lines.length, start + 4); i++) {
    const line = lines[i];
    if (LABEL_LINE.test(line) || /[。！？]/.test(line) || /[：:](?!$)/.test(line)) return null;
    text += line;
    if (text.length > 400) return null;
    if (/[：:]$/.test(line)) {
      const recipients = splitRecipients(text);
      return recipients.length > 0 ? { recipients, next: i + 1 } : null;
    }
  }
  return null;
}

/** An explicit "主送：…" line anywhere (some layouts put it at the end, in the 版记). */
export function findLabelledRecipients(lines: readonly string[]): string[] | null {
  const line = lines.find((l) => /^主送(?:单位|机关)?[：:]/.test(l));
  return line ? splitRecipients(line) : null;
}
