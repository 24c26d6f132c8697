import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { projectRoot } from '@cascade/config';
import { parseNotice, parseIsoDate, type ParsedNotice, type WorkCalendar } from '@cascade/domain';
import { loadWorkCalendar } from '@cascade/domain/calendar-files';
import { MAX_NOTICE_FILE_BYTES, NoticeFileError, decodeNoticeText, readNoticeFile } from '@cascade/domain/notice-files';
import { type CliCommand, UsageError } from './command';

/** Larger inputs are not notices; refusing them keeps memory and time bounded. */
export const MAX_INPUT_BYTES = MAX_NOTICE_FILE_BYTES;
const LIMIT = `${MAX_INPUT_BYTES / 1024 / 1024} MB`;

const USAGE =
  '用法：cascade parse [--issued YYYY-MM-DD] [FILE|-]（FILE 可为 .txt、.docx、.pdf、.ofd）  或  cascade parse --batch [--issued YYYY-MM-DD] < 每行一个 {"text":…,"issuedOn":…}';

/** Where the command reads and writes; tests pass their own. */
export interface ParseIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory of config/calendar/*.json overrides. */
  calendarDirectory(): string;
}

const processIo: ParseIo = {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  calendarDirectory: () => process.env.CASCADE_CALENDAR_DIR || path.join(projectRoot(), 'config', 'calendar'),
};

interface ParseArgs {
  batch: boolean;
  issued: string | null;
  file: string | null;
}

function parseArgs(args: string[]): ParseArgs {
  const parsed: ParseArgs = { batch: false, issued: null, file: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--batch') parsed.batch = true;
    else if (arg === '--issued' || arg.startsWith('--issued=')) {
      const value = arg === '--issued' ? args[++i] : arg.slice('--issued='.length);
      if (!value || !parseIsoDate(value))
        throw new UsageError(`--issued 需要有效日期 YYYY-MM-DD，收到 “${value ?? ''}”`);
      parsed.issued = value;
    } else if (arg === '-h' || arg === '--help') throw new UsageError(USAGE);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`未知选项 ${arg}。${USAGE}`);
    else if (parsed.file !== null) throw new UsageError(`只能解析一个文件，多出 “${arg}”。${USAGE}`);
    else parsed.file = arg;
  }
  if (parsed.batch && parsed.file !== null && parsed.file !== '-')
    throw new UsageError('--batch 从标准输入读取 JSON 行，不接受文件参数');
  return parsed;
}

/** Text of a file or stdin as bytes; never more than {@link MAX_INPUT_BYTES}. */
async function readInput(file: string | null, io: ParseIo): Promise<Buffer> {
  if (file !== null && file !== '-') {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new UsageError(`找不到文件：${file}`);
    }
    if (!stat.isFile()) throw new UsageError(`不是文件：${file}`);
    if (stat.size > MAX_INPUT_BYTES) throw new UsageError(`输入过大：${file} 有 ${stat.size} 字节，上限为 ${LIMIT}`);
    try {
      return fs.readFileSync(file);
    } catch (error) {
      throw new UsageError(`无法读取文件 ${file}：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  if (io.stdin.isTTY) throw new UsageError(`请给出文件，或经标准输入提供通知文本。${USAGE}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError(`输入过大：标准输入超过 ${LIMIT} 上限`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Notice text from the bytes of a text: UTF-8 (with or without BOM), UTF-16 with BOM, or
 * GB18030/GBK. Binary data is refused rather than parsed into garbage.
 * @throws UsageError with a Chinese message.
 */
export function decodeNotice(bytes: Buffer): string {
  try {
    return decodeNoticeText(bytes);
  } catch (error) {
    throw error instanceof NoticeFileError ? new UsageError(error.message) : error;
  }
}

/** Notice text from a file of any supported format (DOCX, PDF, OFD, text), told by its content. */
async function noticeTextOf(bytes: Buffer): Promise<string> {
  try {
    return (await readNoticeFile(bytes)).text;
  } catch (error) {
    throw error instanceof NoticeFileError ? new UsageError(error.message) : error;
  }
}

function calendarOf(io: ParseIo): WorkCalendar | undefined {
  try {
    return loadWorkCalendar(io.calendarDirectory());
  } catch (error) {
    // A broken override file must not stop parsing; the warning names the file.
    io.stderr(`警告：${error instanceof Error ? error.message : String(error)}；本次不检查日历覆盖年份\n`);
    return undefined;
  }
}

type BatchLine = { ok: true; result: ParsedNotice } | { ok: false; error: string };

function parseBatchLine(
  line: string,
  lineNumber: number,
  issued: string | null,
  calendar: WorkCalendar | undefined,
): BatchLine {
  const fail = (reason: string): BatchLine => ({ ok: false, error: `第 ${lineNumber} 行：${reason}` });
  if (line.trim() === '') return fail('空行');
  if (Buffer.byteLength(line) > MAX_INPUT_BYTES) return fail(`超过 ${LIMIT} 上限`);
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return fail('不是有效的 JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('应为 JSON 对象 {"text": …, "issuedOn": …}');
  const { text, issuedOn } = input as { text?: unknown; issuedOn?: unknown };
  if (typeof text !== 'string') return fail('缺少字符串字段 text');
  if (text.trim() === '') return fail('text 为空');
  if (issuedOn !== undefined && issuedOn !== null && (typeof issuedOn !== 'string' || !parseIsoDate(issuedOn))) {
    return fail('issuedOn 应为 YYYY-MM-DD 或 null');
  }
  return {
    ok: true,
    result: parseNotice(text, { issuedOn: (issuedOn as string | null | undefined) ?? issued, calendar }),
  };
}

async function runBatch(args: ParseArgs, io: ParseIo): Promise<number> {
  const calendar = calendarOf(io);
  const lines = readline.createInterface({ input: io.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  let failed = 0;
  for await (const line of lines) {
    lineNumber++;
    const outcome = parseBatchLine(line.replace(/^\uFEFF/, ''), lineNumber, args.issued, calendar);
    if (outcome.ok) io.stdout(`${JSON.stringify(outcome.result)}\n`);
    else {
      failed++;
      io.stdout(`${JSON.stringify({ line: lineNumber, error: outcome.error })}\n`);
    }
  }
  if (failed > 0) io.stderr(`${lineNumber} 行中有 ${failed} 行无法解析，已在对应位置输出错误对象\n`);
  return 0;
}

/** `cascade parse`, reading and writing through `io`. */
export function createParseCommand(io: ParseIo = processIo): CliCommand {
  return {
    name: ['parse'],
    summary: 'notice (.txt/.docx/.pdf/.ofd) → JSON (文号、标题、主送、要求): [--issued YYYY-MM-DD] [FILE|-] | --batch',
    async run(argv) {
      const args = parseArgs(argv);
      if (args.batch) return runBatch(args, io);
      const text = await noticeTextOf(await readInput(args.file, io));
      const result = parseNotice(text, { issuedOn: args.issued, calendar: calendarOf(io) });
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    },
  };
}

export const parseCommand = createParseCommand();
