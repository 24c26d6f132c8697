// Is this text a notice at all? A news report or a newsletter page mentions dates and even
// repeats requirements ("会议要求…"), but asks nothing of its reader.

/** Words of reporting: a meeting summarised, a journalist, an editor. */
const REPORTING =
  /会议(?:指出|强调|要求|认为|提出|号召|明确)|(?:出席|参加)(?:会议|活动)并(?:讲话|致辞)|参加会议|作了?交流发言|记者|通讯员|本报讯|新华社|[0-9一二三四五六七八九十]+日电|据了解|据悉|责任编辑|编辑[:：]|来源[:：]|摄影|图为/g;

/** A notice speaks to its reader: "请各县…", "请于11月20日前报送", or opens with "各县民政局：". */
const ADDRESSED = /请(?:各|你|于|在|认真|按照|结合|及时|务必)|^[^。，\n]{2,40}[:：]\s*$/m;

export type DocumentKind = 'notice' | 'article';

export interface DocumentSigns {
  docNumber: string | null;
  title: string | null;
  recipients: readonly string[];
  issuedOnPrinted: boolean;
}

/**
 * `article` when the text has none of a notice's parts (文号, title, 主送, 落款 date, a request to
 * its reader) and reads as reporting (two different reporting phrases at least); else `notice`.
 */
export function documentKindOf(text: string, signs: DocumentSigns): DocumentKind {
  if (signs.docNumber || signs.title || signs.recipients.length > 0 || signs.issuedOnPrinted) return 'notice';
  if (ADDRESSED.test(text)) return 'notice';
  const phrases = new Set(text.replace(/\s+/g, '').match(REPORTING) ?? []);
  return phrases.size >= 2 ? 'article' : 'notice';
}

export const ARTICLE_WARNING =
  '这段文字像是新闻报道或工作简报（没有文号、标题、主送单位和落款），不是通知：未从中提取工作要求。请确认后再导入，或改为导入原通知。';
