import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { samples } from '../../../../test/support/sample-files';
import { cleanFileName, UNNAMED_FILE } from './file-name';
import { detectMediaType, MEDIA_TYPES, NotTextError, Utf8TextCheck } from './media-types';

describe('detectMediaType', () => {
  it('tells the allowed kinds by their first bytes, whatever the name says', async () => {
    expect(await detectMediaType(samples.pdf(), 'photo.jpg', true)).toBe(MEDIA_TYPES.pdf);
    expect(await detectMediaType(samples.png(), 'a.pdf', true)).toBe(MEDIA_TYPES.png);
    expect(await detectMediaType(samples.jpg(), '', true)).toBe(MEDIA_TYPES.jpg);
    expect(await detectMediaType(await samples.docx(), 'a.zip', true)).toBe(MEDIA_TYPES.docx);
    expect(await detectMediaType(await samples.ofd(), 'a.zip', true)).toBe(MEDIA_TYPES.ofd);
    expect(await detectMediaType(await samples.zip({ 'a.txt': 'a' }), 'a.ofd', true)).toBe(MEDIA_TYPES.zip);
  });

  it('lets the extension choose among OLE2 documents and refuses other OLE2 files', async () => {
    expect(await detectMediaType(samples.ole2(), '报告.wps', true)).toBe(MEDIA_TYPES.wps);
    expect(await detectMediaType(samples.ole2(), '统计.ET', true)).toBe(MEDIA_TYPES.et);
    expect(await detectMediaType(samples.ole2(), 'setup.msi', true)).toBeNull();
    expect(await detectMediaType(samples.ole2(), 'noextension', true)).toBeNull();
  });

  it('takes UTF-8 text without NUL bytes as text, a sequence cut at the end of a part included', async () => {
    const text = samples.text('民政局');
    expect(await detectMediaType(text, 'a', true)).toBe(MEDIA_TYPES.txt);
    expect(await detectMediaType(text.subarray(0, 4), 'a', false)).toBe(MEDIA_TYPES.txt);
    expect(await detectMediaType(text.subarray(0, 4), 'a', true)).toBeNull();
    expect(await detectMediaType(Buffer.from('a\0b'), 'a.txt', true)).toBeNull();
    expect(await detectMediaType(samples.exe(), 'a.txt', true)).toBeNull();
  });
});

describe('Utf8TextCheck', () => {
  const check = (chunks: Buffer[]) => pipeline(Readable.from(chunks), new Utf8TextCheck(), async (s) => buffer(s));

  it('passes text split anywhere, even inside a character', async () => {
    const text = Buffer.from('各县（市、区）民政局', 'utf8');
    await expect(check([text.subarray(0, 5), text.subarray(5)])).resolves.toEqual(text);
  });

  it('fails on a NUL byte, an invalid byte or a character cut at the end', async () => {
    await expect(check([Buffer.from('ab'), Buffer.from([0])])).rejects.toBeInstanceOf(NotTextError);
    await expect(check([Buffer.from([0xc3, 0x28])])).rejects.toBeInstanceOf(NotTextError);
    await expect(check([Buffer.from('民').subarray(0, 2)])).rejects.toBeInstanceOf(NotTextError);
  });
});

describe('cleanFileName', () => {
  it.each([
    ['关于报送材料的通知.pdf', '关于报送材料的通知.pdf'],
    ['C:\\Users\\张三\\Desktop\\附件1.docx', '附件1.docx'],
    ['../../etc/passwd', 'passwd'],
    ['报\u0000告\u0007\r\n.pdf', '报告.pdf'],
    ['\u202eFDP.exe', 'FDP.exe'],
    ['  名单 .xlsx  ', '名单 .xlsx'],
    ['a<b>:c"d|e?f*.txt', 'a_b__c_d_e_f_.txt'],
    ['..', UNNAMED_FILE],
    ['', UNNAMED_FILE],
    [undefined, UNNAMED_FILE],
  ])('%j → %j', (raw, cleaned) => {
    expect(cleanFileName(raw)).toBe(cleaned);
  });

  it('shortens a very long name to 200 characters, keeping its extension', () => {
    const cleaned = cleanFileName(`${'长'.repeat(300)}.pdf`);
    expect([...cleaned]).toHaveLength(200);
    expect(cleaned.endsWith('.pdf')).toBe(true);
  });
});
