import type { Readable, Writable } from 'node:stream';

/** What a store knows of one stored file: its content address and size. */
export interface StoredFile {
  /** Lower-case hex SHA-256 of the content: the file's name in the store. */
  sha256: string;
  size: number;
}

/** An inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A stored file opened for sending: opening fails early (absent file, store down), before an answer
 * has started; `sendTo` then writes the content into the destination without ending it.
 */
export interface OpenedContent {
  sendTo(destination: Writable): Promise<void>;
  /** Releases the content when it is not sent after all. */
  close(): Promise<void>;
}

export interface PutOptions {
  /** The upload fails with {@link FileTooLargeError} as soon as more bytes than this arrive. */
  maxBytes?: number;
}

/**
 * A content-addressed store of files (正文, 附件, 报送材料). Content goes in and out as streams, so
 * no file is ever held in memory whole; equal content is stored once.
 */
export interface FileStore {
  /** Which backend this is, for logs and health: `local` or `s3`. */
  readonly kind: 'local' | 's3';
  /**
   * Streams the content into the store and names it by its SHA-256. Nothing is visible under
   * that name until the whole content has arrived; an interrupted or refused upload leaves nothing.
   */
  put(content: Readable, options?: PutOptions): Promise<StoredFile>;
  /** The file's size, or null when the store has no such file. */
  stat(sha256: string): Promise<StoredFile | null>;
  /** Streams the file, or the given byte range of it; {@link FileNotFoundError} when it is absent. */
  get(sha256: string, range?: ByteRange): Promise<Readable>;
  /** Opens the file, or the given byte range of it, to send it (an HTTP answer); {@link FileNotFoundError} when it is absent. */
  open(sha256: string, range?: ByteRange): Promise<OpenedContent>;
  /** Removes the file; removing an absent file is not an error. */
  delete(sha256: string): Promise<void>;
  /** Makes the store usable (creates its directory or bucket); {@link StoreUnavailableError} when the backend does not answer. */
  ready(): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file exceeds ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

export class FileNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`no stored file ${sha256}`);
    this.name = 'FileNotFoundError';
  }
}

/** The backend cannot be reached: the caller should answer 503 and keep what it already accepted. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** Buffer size of the streams files pass through (Node's defaults, 16–64 KiB, cost throughput on large files). */
export const STREAM_CHUNK_BYTES = 256 * 1024;

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Refuses anything but a content address, so a name can never reach outside the store. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new FileNotFoundError(sha256);
}
