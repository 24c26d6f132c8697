import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import busboy, { type FileInfo } from 'busboy';
import type { Request, Response } from 'express';
import { PassThrough, Readable } from 'node:stream';
import { STREAM_CHUNK_BYTES } from '@cascade/storage';

/** Media type of an upload whose body is the file itself (its name in `?name=`). */
export const RAW_UPLOAD_TYPE = 'application/octet-stream';

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
      new UnsupportedMediaTypeException(
        `请以 multipart/form-data 上传（文件放在字段 ${FILE_FIELD} 中），或以 ${RAW_UPLOAD_TYPE} 直接发送文件内容`,
      ),
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

/**
 * Hands the body of an `application/octet-stream` request (the file itself, no form around it) to
 * `onContent` as a stream: no multipart parsing, the cheapest path for large files and scripts.
 * The request is passed on through a stage of its own, so a refusal from the store never destroys
 * the request's socket before the answer is sent; the rest is dropped as for a form.
 */
export function receiveRawUpload<T>(
  request: Request,
  response: Response,
  onContent: (content: Readable) => Promise<T>,
): Promise<T> {
  const content = new PassThrough({ highWaterMark: STREAM_CHUNK_BYTES });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      abandon(request, response, content);
      content.destroy(error instanceof Error ? error : new Error(String(error)));
      reject(error);
    };
    request.on('close', () => {
      if (!request.complete) fail(new UploadInterruptedError());
    });
    request.pipe(content);
    onContent(content).then((result) => {
      if (settled) return;
      settled = true;
      resolve(result);
    }, fail);
  });
}

/** Stops feeding the parser; reads a little more so the client can see the answer, then cuts the connection. */
function abandon(request: Request, response: Response, parser: NodeJS.WritableStream): void {
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

/**
 * The first `bytes` of a stream (fewer when it is shorter), and a stream of the whole content, those
 * bytes included: the head is put back into the same stream, so the content passes through no extra stage.
 */
export async function sniff(
  source: Readable,
  bytes: number,
): Promise<{ head: Buffer; complete: boolean; content: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < bytes) {
    const chunk = source.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      length += chunk.length;
    } else if (await nothingMore(source)) {
      complete = true;
      break;
    }
  }
  const read = Buffer.concat(chunks);
  if (complete) return { head: read, complete, content: Readable.from([read], { objectMode: false }) };
  source.unshift(read);
  return { head: read.subarray(0, bytes), complete, content: source };
}

/** Waits until the stream has more to read (false) or has ended (true); rejects with its error. */
function nothingMore(stream: Readable): Promise<boolean> {
  if (stream.readableEnded) return Promise.resolve(true);
  if (stream.errored) return Promise.reject(stream.errored);
  return new Promise<boolean>((resolve, reject) => {
    const done = (result: boolean | Error) => {
      stream.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const onReadable = () => done(false);
    const onEnd = () => done(true);
    const onError = (error: Error) => done(error);
    const onClose = () => done(stream.readableEnded ? true : new UploadInterruptedError());
    stream.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
