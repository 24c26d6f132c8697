import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { NOTICE_FILE_BUILDERS } from '@cascade/domain/notice-files/notice-file-fixtures';
import { UsageError } from './command';
import { MAX_INPUT_BYTES, createParseCommand, decodeNotice, type ParseIo } from './parse.command';

const NOTICE =
  '山西省民政厅\n晋民函〔2024〕169号\n山西省民政厅关于报送学习贯彻情况的通知\n各市民政局：\n请于 11 月 20 日前以电子版形式报省老龄办（省民政厅老龄工作处）。\n各市每年至少开展1项主题活动。\n';

function fakeIo(stdin: string | Buffer = '', calendarDirectory = path.join(os.tmpdir(), 'cascade-no-calendar')) {
  const out: string[] = [];
  const err: string[] = [];
  const io: ParseIo = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    calendarDirectory: () => calendarDirectory,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('cascade parse', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-parse-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the notice as pretty JSON from a file, with --issued', async () => {
    const file = path.join(dir, 'notice.txt');
    fs.writeFileSync(file, NOTICE);
    const { io, out } = fakeIo();
    await expect(createParseCommand(io).run(['--issued', '2024-10-25', file])).resolves.toBe(0);
    const result = JSON.parse(out());
    expect(out()).toContain('\n  "docNumber": "晋民函〔2024〕169号"');
    expect(result.issuedOn).toBe('2024-10-25');
    expect(result.obligations).toEqual([
      expect.objectContaining({ kind: 'deadline', due: '2024-11-20', reportTo: '省老龄办' }),
      expect.objectContaining({ kind: 'quota', count: 1, per: 'year' }),
    ]);
    expect(Object.keys(result)).toEqual([
      'documentKind',
      'docNumber',
      'title',
      'originalTitle',
      'forwardTitle',
      'issuer',
      'issuedOn',
      'recipients',
      'forwards',
      'attachments',
      'contacts',
      'obligations',
      'upstreamObligations',
      'warnings',
    ]);
  });

  it('reads stdin with "-" and accepts --issued=…', async () => {
    const { io, out } = fakeIo(NOTICE);
    await createParseCommand(io).run(['--issued=2024-10-25', '-']);
    expect(JSON.parse(out()).docNumber).toBe('晋民函〔2024〕169号');
  });

  it('reads GBK files', async () => {
    const file = path.join(dir, 'gbk.txt');
    // "请于11月20日前报送。" in GBK.
    fs.writeFileSync(file, Buffer.from('c7ebd3da3131d4c23230c8d5c7b0b1a8cbcda1a3', 'hex'));
    const { io, out } = fakeIo();
    await createParseCommand(io).run(['--issued', '2024-10-25', file]);
    expect(JSON.parse(out()).obligations[0]).toMatchObject({ due: '2024-11-20', text: '请于11月20日前报送。' });
  });

  it('warns about a year without calendar data, using config/calendar overrides when present', async () => {
    const text = '请于2027年3月1日前报送。';
    const without = fakeIo(text, dir);
    await createParseCommand(without.io).run(['--issued', '2026-11-20', '-']);
    expect(JSON.parse(without.out()).warnings.join()).toContain('2027');
    fs.writeFileSync(path.join(dir, '2027.json'), JSON.stringify({ year: 2027, holidays: [], workdays: [] }));
    const withFile = fakeIo(text, dir);
    await createParseCommand(withFile.io).run(['--issued', '2026-11-20', '-']);
    expect(JSON.parse(withFile.out()).warnings).toEqual([]);
  });

  it.each([
    [['--issued', '2024-02-30', 'x.txt'], /--issued/],
    [['--issued'], /--issued/],
    [['--verbose'], /未知选项/],
    [['a.txt', 'b.txt'], /只能解析一个文件/],
    [['/no/such/notice.txt'], /找不到文件/],
    [['--batch', 'a.txt'], /--batch/],
  ])('refuses %j with a one-line Chinese message', async (args, message) => {
    const { io } = fakeIo();
    await expect(createParseCommand(io).run(args)).rejects.toThrow(UsageError);
    await expect(createParseCommand(fakeIo().io).run(args)).rejects.toThrow(message);
  });

  it.each(NOTICE_FILE_BUILDERS)('reads a %s file', async (_format, name, build) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, await build(NOTICE));
    const { io, out } = fakeIo();
    expect(await createParseCommand(io).run(['--issued', '2024-10-25', file])).toBe(0);
    const parsed = JSON.parse(out());
    expect(parsed).toMatchObject({ docNumber: '晋民函〔2024〕169号', title: '山西省民政厅关于报送学习贯彻情况的通知' });
    expect(parsed.obligations[0]).toMatchObject({ kind: 'deadline', due: '2024-11-20', reportTo: '省老龄办' });
  });

  it('refuses a file of another format with a Chinese message', async () => {
    const file = path.join(dir, 'old.doc');
    fs.writeFileSync(file, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 1, 2]));
    await expect(createParseCommand(fakeIo().io).run([file])).rejects.toThrow(/另存为 \.docx/);
  });

  it('refuses a directory, an empty file and an oversized file', async () => {
    await expect(createParseCommand(fakeIo().io).run([dir])).rejects.toThrow(/不是文件/);
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '  \n\n');
    await expect(createParseCommand(fakeIo().io).run([empty])).rejects.toThrow(/为空/);
    const big = path.join(dir, 'big.txt');
    fs.writeFileSync(big, Buffer.alloc(MAX_INPUT_BYTES + 1, 0x41));
    await expect(createParseCommand(fakeIo().io).run([big])).rejects.toThrow(/20 MB/);
  });

  it('refuses oversized stdin', async () => {
    const { io } = fakeIo(Buffer.alloc(MAX_INPUT_BYTES + 10, 0x41));
    await expect(createParseCommand(io).run(['-'])).rejects.toThrow(/20 MB/);
  });

  it('refuses binary input', () => {
    expect(() => decodeNotice(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]))).toThrow(/二进制/);
    expect(() => decodeNotice(Buffer.from('\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12'))).toThrow(/控制字符/);
    expect(() => decodeNotice(Buffer.from([0xff, 0xff, 0xff, 0x81]))).toThrow(/UTF-8 或 GBK/);
  });

  it('decodes UTF-8 with BOM and UTF-16', () => {
    expect(decodeNotice(Buffer.from('\uFEFF通知', 'utf8'))).toBe('通知');
    expect(decodeNotice(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('通知', 'utf16le')]))).toBe('通知');
  });

  it('--batch prints one JSON line per input line, in order, with errors in place', async () => {
    const input = [
      JSON.stringify({ text: NOTICE, issuedOn: '2024-10-25' }),
      '{not json',
      JSON.stringify({ text: '请于1月10日前报送。' }),
      JSON.stringify({ issuedOn: '2024-10-25' }),
      '',
      JSON.stringify({ text: '请于1月10日前报送。', issuedOn: '2024-13-01' }),
      JSON.stringify({ text: '请于11月10日前报送。', issuedOn: null }),
    ].join('\n');
    const { io, out, err } = fakeIo(`${input}\n`);
    await expect(createParseCommand(io).run(['--batch', '--issued', '2024-10-25'])).resolves.toBe(0);
    const lines = out()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(7);
    expect(lines[0].docNumber).toBe('晋民函〔2024〕169号');
    expect(lines[1]).toEqual({ line: 2, error: expect.stringContaining('JSON') });
    expect(lines[2].obligations[0].due).toBe('2025-01-10'); // --issued applies when the line has none
    expect(lines[3]).toEqual({ line: 4, error: expect.stringContaining('text') });
    expect(lines[4]).toEqual({ line: 5, error: expect.stringContaining('空行') });
    expect(lines[5]).toEqual({ line: 6, error: expect.stringContaining('issuedOn') });
    expect(lines[6].obligations[0].due).toBe('2024-11-10');
    expect(err()).toContain('4 行无法解析');
  });
});
