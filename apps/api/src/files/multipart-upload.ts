import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy, { type FileInfo } from 'busboy';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { STREAM_CHUNK_BYTES } from '@cascade/storage';

/** The form field that carries the file. */
export const FILE_FIELD = 'file';

/** Bytes of an abandoned upload still read and dropped before the connection is cut (lets the client read the answer). */
const DRAIN_LIMIT = 1024 * 1024;

export class UploadInterruptedError extends Error {
  constructor() {
    super('the client went away before the upload was complete');
    this.name = 'UploadInterruptedError';
  }
}

export interface ReceivedUpload<T> {
  result: T;
  /** The form's other fields (e.g. `name`), wherever they stood relative to the file. */
  fields: Record<string, string>;
}

/**
 * Reads a multipart/form-data request and hands its one `file` part to `onFile` as a stream, as it
 * arrives; nothing is buffered here. Resolves when `onFile` is done and the form is read to its end.
 * When `onFile` fails, the rest of the request is dropped and the connection closed after the answer.
 */
export function receiveUpload<T>(
  request: Request,
  response: Response,
  onFile: (file: Readable, info: FileInfo) => Promise<T>,
): Promise<ReceivedUpload<T>> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      highWaterMark: STREAM_CHUNK_BYTES,
      fileHwm: STREAM_CHUNK_BYTES,
      limits: { files: 1, fields: 8, fieldSize: 4096, parts: 16 },
    });
  } catch {
    return Promise.reject(
      new UnsupportedMediaTypeException(`请以 multipart/form-data 上传，文件放在字段 ${FILE_FIELD} 中`),
    );
  }
  return new Promise<ReceivedUpload<T>>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let current: Readable | null = null;
    let handling: Promise<T> | null = null;
    let settled = false;

    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      abandon(request, response, parser);
      current?.destroy(error instanceof Error ? error : new Error(String(error)));
      reject(error);
    };

    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== FILE_FIELD || handling) {
        stream.resume();
        return;
      }
      current = stream;
      handling = onFile(stream, info);
      handling.catch(fail);
    });
    parser.on('error', () => fail(new BadRequestException('上传的表单格式无效')));
    parser.on('close', () => {
      if (settled) return;
      if (!handling) return fail(new BadRequestException(`请求中没有文件：文件须放在表单字段 ${FILE_FIELD} 中`));
      handling.then((result) => {
        if (settled) return;
        settled = true;
        resolve({ result, fields });
      }, fail);
    });
    request.on('close', () => {
      if (!request.complete) fail(new UploadInterruptedError());
    });
    request.pipe(parser);
  });
}

/** Stops feeding the parser; reads a little more so the client can see the answer, then cuts the connection. */
function abandon(request: Request, response: Response, parser: busboy.Busboy): void {
  request.unpipe(parser);
  if (!response.headersSent) response.setHeader('Connection', 'close');
  if (request.complete || request.destroyed) return;
  let dropped = 0;
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DRAIN_LIMIT) request.destroy();
  });
  request.resume();
}

/** The first `bytes` of a stream (fewer when it is shorter), and a stream of the whole content, those bytes included. */
export async function sniff(
  source: Readable,
  bytes: number,
): Promise<{ head: Buffer; complete: boolean; content: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  async function* whole(): AsyncGenerator<Buffer> {
    try {
      yield* chunks;
      if (complete) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return {
    head: Buffer.concat(chunks).subarray(0, bytes),
    complete,
    // Bytes, not chunks, bound what waits here.
    content: Readable.from(whole(), { objectMode: false, highWaterMark: STREAM_CHUNK_BYTES }),
  };
}
