import * as fs from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { parseNotice } from '../notice/notice-parser';
import { NoticeFileError, readNoticeFile } from '.';
import { MAX_NOTICE_FILE_BYTES } from './notice-file-reader';
import { docxOf, gb18030Of, ofdOf, pdfOf } from './notice-file-fixtures';

const seed = fs.readFileSync(path.join(__dirname, '../notice/fixtures/seed-linfen-89-shanxi-169.txt'), 'utf8');
const compact = (text: string) => text.replace(/\s+/g, '');

/** What the import must find in the seed, whatever the file format. */
function expectSeedRead(text: string): void {
  const parsed = parseNotice(text, { issuedOn: '2024-10-25' });
  expect(parsed.docNumber).toBe('临市民函〔2024〕89号');
  expect(parsed.title).toContain('关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知');
  expect(parsed.obligations).toEqual([expect.objectContaining({ kind: 'quota', count: 1, per: 'year' })]);
  expect(parsed.upstreamObligations).toContainEqual(
    expect.objectContaining({
      kind: 'deadline',
      due: '2024-11-20',
      source: expect.objectContaining({ docNumber: '晋民函〔2024〕169号' }),
    }),
  );
}

describe('readNoticeFile', () => {
  it('reads a DOCX', async () => {
    const read = await readNoticeFile(await docxOf(seed));
    expect(read.format).toBe('docx');
    expect(compact(read.text)).toBe(compact(seed));
    expectSeedRead(read.text);
  });

  it('reads the text layer of a PDF set in a Chinese font', async () => {
    const read = await readNoticeFile(await pdfOf(seed));
    expect(read.format).toBe('pdf');
    expect(read.pages).toBeGreaterThanOrEqual(2);
    expect(compact(read.text)).toContain(compact('请于 11 月 20 日前以电子版形式报省老龄办'));
    expectSeedRead(read.text);
  });

  it('reads an OFD, placing text objects by their position', async () => {
    const read = await readNoticeFile(await ofdOf(seed));
    expect(read.format).toBe('ofd');
    expect(read.pages).toBe(2);
    expect(compact(read.text)).toBe(compact(seed));
    expectSeedRead(read.text);
  });

  it('reads GB18030 and UTF-8 text', async () => {
    const gbk = await readNoticeFile(gb18030Of(seed));
    expect(gbk).toMatchObject({ format: 'txt', text: seed });
    const utf8 = await readNoticeFile(Buffer.from(`\uFEFF${seed}`, 'utf8'));
    expect(utf8.text).toBe(seed);
    expectSeedRead(gbk.text);
  });

  it('tells the format by content, not by name: a ZIP that is neither DOCX nor OFD is refused', async () => {
    const zip = new JSZip();
    zip.file('readme.txt', '通知');
    const error = await readNoticeFile(await zip.generateAsync({ type: 'nodebuffer' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoticeFileError);
    expect(error).toMatchObject({ problem: 'unsupported', message: expect.stringContaining('.docx') });
  });

  it.each([
    [
      'an old .doc',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
      'unsupported',
      '另存为 .docx',
    ],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'unsupported', '二进制'],
    ['a broken PDF', Buffer.from('%PDF-1.7\nnot really'), 'unreadable', 'PDF'],
    ['a broken OFD', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'unreadable', '损坏'],
    ['an empty file', Buffer.alloc(0), 'unreadable', '为空'],
    ['invalid GBK', Buffer.from([0xff, 0xff, 0xff, 0x81]), 'unreadable', 'GBK'],
  ])('refuses %s with a Chinese message', async (_name, bytes, problem, words) => {
    await expect(readNoticeFile(bytes)).rejects.toMatchObject({ problem, message: expect.stringContaining(words) });
  });

  it('refuses a PDF without a text layer (a scan)', async () => {
    await expect(readNoticeFile(await pdfOf(''))).rejects.toMatchObject({
      problem: 'unreadable',
      message: expect.stringContaining('OCR'),
    });
  });

  it('refuses files over the size limit before reading them', async () => {
    await expect(readNoticeFile(Buffer.alloc(MAX_NOTICE_FILE_BYTES + 1))).rejects.toMatchObject({
      problem: 'too-large',
    });
  });
});
