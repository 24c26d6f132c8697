import * as iconv from 'iconv-lite';
import { NoticeFileError } from './notice-file-error';

/** C0 controls other than tab, newlines, form feed; plentiful in binary data, absent in notices. */
function countControlCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f) count++;
  }
  return count;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** GB18030 (a superset of GBK and GB2312) as saved by many office tools; null when the bytes are not. */
function gb18030(bytes: Uint8Array): string | null {
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  // iconv-lite substitutes U+FFFD for invalid sequences: one is a broken file, not a notice.
  return text.includes('\uFFFD') ? null : text;
}

/**
 * Notice text from the bytes of a text file: UTF-8 (with or without BOM), UTF-16 with BOM, or
 * GB18030/GBK. Binary data is refused rather than parsed into garbage.
 * @throws NoticeFileError with a Chinese message.
 */
export function decodeNoticeText(bytes: Uint8Array): string {
  let text: string | null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be');
  else {
    if (bytes.includes(0))
      throw new NoticeFileError(
        'unsupported',
        '输入是二进制数据，不是通知文本（支持 .txt、.docx、.pdf、.ofd；其他格式请先另存为其中一种）',
      );
    text = strictUtf8(bytes) ?? gb18030(bytes);
  }
  if (text === null) throw new NoticeFileError('unreadable', '输入不是有效的 UTF-8 或 GBK/GB18030 文本');
  text = text.replace(/^\uFEFF/, '');
  if (countControlCharacters(text) > Math.max(8, text.length / 100))
    throw new NoticeFileError('unsupported', '输入含大量控制字符，疑似二进制文件，不是通知文本');
  if (text.trim() === '') throw new NoticeFileError('unreadable', '输入为空，没有可解析的通知文本');
  return text;
}
