import { extractText, getDocumentProxy } from 'unpdf';
import { NoticeFileError } from './notice-file-error';

/** The text layer of a PDF, page after page; text items ending a line keep their line break. */
export async function pdfText(bytes: Uint8Array): Promise<{ text: string; pages: number }> {
  let result: { totalPages: number; text: string[] };
  try {
    // unpdf may transfer the buffer to its worker: give it a copy the caller does not need.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    result = await extractText(pdf, { mergePages: false });
  } catch {
    throw new NoticeFileError('unreadable', 'PDF 文件已损坏或已加密，无法读取其中的文字');
  }
  return { text: result.text.join('\n'), pages: result.totalPages };
}
