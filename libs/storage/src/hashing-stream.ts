import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { FileTooLargeError, STREAM_CHUNK_BYTES } from './file-store';

/**
 * Passes bytes through while hashing and counting them, and fails the pipeline as soon as more
 * than `maxBytes` have passed, so an oversized upload is refused without being read to its end.
 */
export class HashingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    // Large buffers: a file streams in a few hundred chunks per 100 MB instead of thousands.
    super({ highWaterMark: STREAM_CHUNK_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new FileTooLargeError(this.maxBytes));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Valid once the stream has ended. */
  result(): { sha256: string; size: number } {
    return { sha256: this.hash.copy().digest('hex'), size: this.bytes };
  }
}
