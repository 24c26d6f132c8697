import JSZip from 'jszip';
import { docxText } from './docx-text';
import { NoticeFileError } from './notice-file-error';
import { decodeNoticeText } from './notice-text-decoding';
import { ofdText } from './ofd-text';
import { pdfText } from './pdf-text';

export type NoticeFileFormat = 'docx' | 'pdf' | 'ofd' | 'txt';

/** Notices are a few pages; 20 MB holds a scanned-and-texted PDF of dozens of pages. */
export const MAX_NOTICE_FILE_BYTES = 20 * 1024 * 1024;

export interface NoticeFileText {
  format: NoticeFileFormat;
  text: string;
  /** Pages of a PDF or OFD; null for formats without pages. */
  pages: number | null;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  signature.every((b, i) => bytes[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .doc, .wps, .xls

const SUPPORTED = '支持的格式：.docx、.pdf（含文字层）、.ofd、.txt（UTF-8 或 GBK/GB18030）';

/** A ZIP is a DOCX when it holds word/document.xml and an OFD when it holds OFD.xml. */
async function zipFormat(bytes: Uint8Array): Promise<'docx' | 'ofd'> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new NoticeFileError('unreadable', '压缩格式的文件已损坏，无法读取');
  }
  if (zip.file('word/document.xml')) return 'docx';
  if (zip.file(/^ofd\.xml$/i).length > 0) return 'ofd';
  throw new NoticeFileError('unsupported', `文件是压缩包或其他 Office 文档，不是通知正文。${SUPPORTED}`);
}

/**
 * The text of a notice file, its format told by its content (not its name): DOCX, PDF with a text
 * layer, OFD, or plain text in UTF-8 / UTF-16 / GB18030.
 * @throws NoticeFileError with a Chinese message for the person who chose the file.
 */
export async function readNoticeFile(bytes: Uint8Array): Promise<NoticeFileText> {
  if (bytes.length > MAX_NOTICE_FILE_BYTES)
    throw new NoticeFileError(
      'too-large',
      `文件过大：${(bytes.length / 1024 / 1024).toFixed(1)} MB，上限为 ${MAX_NOTICE_FILE_BYTES / 1024 / 1024} MB`,
    );
  if (bytes.length === 0) throw new NoticeFileError('unreadable', '文件为空，没有可解析的通知文本');
  let read: NoticeFileText;
  if (startsWith(bytes, PDF)) read = { format: 'pdf', ...(await pdfText(bytes)) };
  else if (startsWith(bytes, ZIP)) {
    const format = await zipFormat(bytes);
    read =
      format === 'docx' ? { format, text: await docxText(bytes), pages: null } : { format, ...(await ofdText(bytes)) };
  } else if (startsWith(bytes, OLE2))
    throw new NoticeFileError(
      'unsupported',
      `旧版 Word/WPS 文件（.doc/.wps）无法直接读取，请另存为 .docx 或 PDF。${SUPPORTED}`,
    );
  else read = { format: 'txt', text: decodeNoticeText(bytes), pages: null };
  if (read.text.trim() === '') {
    throw new NoticeFileError(
      'unreadable',
      read.format === 'pdf' || read.format === 'ofd'
        ? '文件中没有文字（可能是扫描件），请先做文字识别（OCR）或粘贴正文'
        : '文件中没有文字，没有可解析的通知文本',
    );
  }
  return read;
}
