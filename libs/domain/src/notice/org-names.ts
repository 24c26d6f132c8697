// What the name of an office looks like: short, no sentence punctuation, ending like an office.

export const ORG_SUFFIX =
  '(?:人民政府|政府|办公室|办公厅|委员会|领导小组|工作组|指挥部|党委|党组|中心|协会|联合会|总工会|团委|妇联|残联|法院|检察院|公司|集团|大学|学院|医院|局|厅|部|委|办|处|科|室|署|院|会|所|站|队|社)';
const ORG_LINE = new RegExp(`^[\\u4e00-\\u9fa5（）()、 ]{2,60}${ORG_SUFFIX}(?:[（(][\\u4e00-\\u9fa5、]{1,10}[)）])?$`);

/** A line holding one or more office names (a header or a 落款), e.g. "临汾市民政局 临汾市老龄工作委员会办公室". */
export function isOrgLine(line: string): boolean {
  const trimmed = line.replace(/(?:文件|（盖章）|\(盖章\))$/, '').trim();
  return trimmed.length <= 60 && ORG_LINE.test(trimmed) && !/关于|通知|[。，；：:]/.test(trimmed);
}

/** Office names of a header/落款 line with "文件" and seal marks removed, blanks normalised. */
export function cleanOrgLine(line: string): string {
  return line
    .replace(/(?:文件|（盖章）|\(盖章\))$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
