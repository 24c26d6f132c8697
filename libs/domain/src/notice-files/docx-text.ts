import * as mammoth from 'mammoth';
import { NoticeFileError } from './notice-file-error';

/** The paragraphs of a Word (.docx) document, one per line. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    return result.value;
  } catch {
    throw new NoticeFileError('unreadable', 'Word 文档（.docx）已损坏或无法读取，请重新保存后再导入');
  }
}
