import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertSha256,
  type ByteRange,
  FileNotFoundError,
  type FileStore,
  type OpenedContent,
  type PutOptions,
  StoreUnavailableError,
  STREAM_CHUNK_BYTES,
  type StoredFile,
} from './file-store';
import { HashingStream } from './hashing-stream';

/**
 * Files under a directory of this machine, named by their SHA-256 (`objects/ab/cd/abcd…`).
 * An upload is written to `tmp/`, flushed to disk and renamed into place, so a crash leaves either
 * the whole file or nothing under its name.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local' as const;
  private readonly objects: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.objects = path.join(root, 'objects');
    this.tmp = path.join(root, 'tmp');
  }

  async put(content: Readable, options: PutOptions = {}): Promise<StoredFile> {
    await mkdir(this.tmp, { recursive: true });
    const tmpFile = path.join(this.tmp, randomUUID());
    const hashing = new HashingStream(options.maxBytes);
    try {
      await pipeline(content, hashing, createWriteStream(tmpFile, { flags: 'wx', highWaterMark: STREAM_CHUNK_BYTES }));
      await fsync(tmpFile);
      const stored = hashing.result();
      const target = this.pathOf(stored.sha256);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmpFile, target);
      await fsync(path.dirname(target));
      return stored;
    } catch (error) {
      await rm(tmpFile, { force: true });
      throw error;
    }
  }

  async stat(sha256: string): Promise<StoredFile | null> {
    assertSha256(sha256);
    try {
      const info = await stat(this.pathOf(sha256));
      return { sha256, size: info.size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable> {
    const handle = await this.openHandle(sha256);
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: STREAM_CHUNK_BYTES });
  }

  /** Opened before any content is promised, so a missing file is an error here, not in the middle of a response. */
  private openHandle(sha256: string): Promise<FileHandle> {
    return open(this.pathOf(sha256), 'r').catch((error: unknown) => {
      throw isMissing(error) ? new FileNotFoundError(sha256) : error;
    });
  }

  async open(sha256: string, range?: ByteRange): Promise<OpenedContent> {
    const handle = await this.openHandle(sha256);
    try {
      const start = range?.start ?? 0;
      const end = range ? range.end + 1 : (await handle.stat()).size;
      return {
        sendTo: (destination) => sendRange(handle, start, end, destination).finally(() => handle.close()),
        close: () => handle.close(),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async ready(): Promise<void> {
    try {
      await mkdir(this.objects, { recursive: true });
      await mkdir(this.tmp, { recursive: true });
    } catch (error) {
      throw new StoreUnavailableError(`file store directory ${this.objects} is not writable`, { cause: error });
    }
  }

  private pathOf(sha256: string): string {
    assertSha256(sha256);
    return path.join(this.objects, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/** Bytes read from disk per step when sending a file. */
const SEND_BUFFER_BYTES = 1024 * 1024;

/**
 * Writes bytes [start, end) of the file into the destination through two buffers used in turn: one
 * is read from disk while the other is being written out. A fresh buffer per chunk (as a read stream
 * allocates) makes the garbage collector run for every few megabytes sent; a buffer is reused only
 * once the destination has taken all of its bytes (the write's callback).
 */
async function sendRange(handle: FileHandle, start: number, end: number, destination: Writable): Promise<void> {
  const buffers = [Buffer.allocUnsafe(SEND_BUFFER_BYTES), Buffer.allocUnsafe(SEND_BUFFER_BYTES)];
  const writes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let position = start;
  try {
    for (let turn = 0; position < end; turn = 1 - turn) {
      await writes[turn];
      const { bytesRead } = await handle.read(buffers[turn], 0, Math.min(SEND_BUFFER_BYTES, end - position), position);
      if (bytesRead === 0) throw new Error(`stored file ended at byte ${position} of ${end}`);
      position += bytesRead;
      const write = written(destination, buffers[turn].subarray(0, bytesRead));
      // Handled here, awaited later: a failure while the other write is awaited must not go unhandled.
      write.catch(() => undefined);
      writes[turn] = write;
    }
  } finally {
    // Even after a failure, no write may still be reading a buffer when this returns.
    await Promise.allSettled(writes);
  }
  await Promise.all(writes);
}

/** Resolves when the destination has taken the chunk; rejects when it is closed before. */
function written(destination: Writable, chunk: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (destination.destroyed || destination.writableEnded) {
      reject(new Error('the destination is closed'));
      return;
    }
    const onClose = () => reject(new Error('the destination closed before the content was sent'));
    destination.once('close', onClose);
    destination.write(chunk, (error) => {
      destination.off('close', onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}
