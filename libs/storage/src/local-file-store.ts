import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertSha256,
  type ByteRange,
  FileNotFoundError,
  type FileStore,
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
    const file = this.pathOf(sha256);
    // Opened before the stream is returned, so a missing file is an error here, not in the middle of a response.
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw isMissing(error) ? new FileNotFoundError(sha256) : error;
    });
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: STREAM_CHUNK_BYTES });
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
