import { parse as parseContentDisposition } from 'content-disposition';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { loadConfig } from '@cascade/config';
import { type CliCommand, UsageError } from './command';
import { readRunningSystem } from './start.command';

const PUT_USAGE = '用法：cascade files put <文件路径> [--name 名称] [--api URL] [--token 令牌]';
const GET_USAGE = '用法：cascade files get <文件 id> [-o 保存路径|-] [--api URL] [--token 令牌]';

interface Connection {
  api: string;
  token: string;
}

const CONNECTION_OPTIONS = { api: { type: 'string' }, token: { type: 'string' } } as const;

/** The one positional word and the options (those of the connection and `extra`); any mistake is a usage error. */
function readArgs<O extends ParseArgsOptionsConfig>(args: string[], extra: O, usage: string) {
  let result;
  try {
    result = parseArgs({ args, allowPositionals: true, strict: true, options: { ...CONNECTION_OPTIONS, ...extra } });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (result.positionals.length !== 1) throw new UsageError(usage);
  return { values: result.values, word: result.positionals[0] };
}

/** The API to talk to (--api, else the running `cascade start` of this data directory) and the bearer token (--token or CASCADE_TOKEN). */
function connection(values: { api?: string; token?: string }, usage: string): Connection {
  const api = (values.api ?? readRunningSystem(loadConfig().dataDir)?.api)?.replace(/\/+$/, '');
  if (!api) throw new UsageError(`找不到运行中的 Cascade：先 npm start，或用 --api URL\n${usage}`);
  if (!/^https?:\/\/[^/]+/.test(api)) throw new UsageError(`--api “${api}” 无效：应为 http://host:port\n${usage}`);
  const token = values.token ?? process.env.CASCADE_TOKEN;
  if (!token) throw new UsageError(`缺少令牌：用 --token 或环境变量 CASCADE_TOKEN（cascade tokens create）\n${usage}`);
  return { api, token };
}

/** The API's error message (JSON `message`), or the status line. */
async function problem(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    return `${response.status}：${Array.isArray(message) ? message.join('；') : String(message)}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

export const filesPutCommand: CliCommand = {
  name: ['files', 'put'],
  summary: 'upload a file (streamed) and print its id and sha256 as JSON: <path> [--name N] [--api URL] [--token T]',
  async run(args) {
    const { values, word } = readArgs(args, { name: { type: 'string' } } as const, PUT_USAGE);
    const file = path.resolve(word);
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`找不到文件 ${file}`);
    const { api, token } = connection(values, PUT_USAGE);
    const name = values.name ?? path.basename(file);
    // The file itself as the body (no multipart form to parse), from a Blob backed by the file:
    // fetch streams it from disk instead of reading it into memory.
    const response = await fetch(`${api}/api/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body: await fs.openAsBlob(file),
    });
    if (response.status !== 201) {
      process.stderr.write(`上传失败 ${await problem(response)}\n`);
      return 1;
    }
    console.log(JSON.stringify(await response.json()));
    return 0;
  },
};

export const filesGetCommand: CliCommand = {
  name: ['files', 'get'],
  summary:
    'download a file (streamed) to -o PATH (or - for stdout; default: its own name here): <id> [--api URL] [--token T]',
  async run(args) {
    const { values, word: id } = readArgs(args, { output: { type: 'string', short: 'o' } } as const, GET_USAGE);
    const { api, token } = connection(values, GET_USAGE);
    const response = await fetch(`${api}/api/files/${encodeURIComponent(id)}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.status !== 200 || !response.body) {
      process.stderr.write(`下载失败 ${await problem(response)}\n`);
      return 1;
    }
    const content = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    if (values.output === '-') {
      await pipeline(content, process.stdout);
      return 0;
    }
    const target = path.resolve(values.output ?? savedName(response, id));
    // Written beside the target and renamed at the end: an interrupted download leaves no partial file under its name.
    const partial = `${target}.part`;
    try {
      await pipeline(content, fs.createWriteStream(partial));
      fs.renameSync(partial, target);
    } finally {
      fs.rmSync(partial, { force: true });
    }
    process.stderr.write(`已保存 ${target}（${fs.statSync(target).size} 字节）\n`);
    return 0;
  },
};

/** The name the server gave the file, without any path, or its id. */
function savedName(response: Response, id: string): string {
  const header = response.headers.get('content-disposition');
  const name = header ? parseContentDisposition(header).parameters.filename : undefined;
  return name ? path.basename(name) : id;
}
