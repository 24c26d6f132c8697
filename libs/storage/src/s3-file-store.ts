import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertSha256,
  type ByteRange,
  FileNotFoundError,
  type FileStore,
  FileTooLargeError,
  type OpenedContent,
  type PutOptions,
  StoreUnavailableError,
  type StoredFile,
} from './file-store';
import { HashingStream } from './hashing-stream';

export interface S3FileStoreOptions {
  bucket: string;
  client: S3ClientConfig;
  /** Size of one part of a multipart upload; S3 wants at least 5 MiB. */
  partSize?: number;
  /** Parts uploaded at once: memory use is about partSize × queueSize. */
  queueSize?: number;
}

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO …), for several machines sharing one store.
 * The content's hash is known only at its end, so an upload streams to `tmp/<uuid>` as a multipart
 * upload and is then copied to `objects/<sha256>` inside the store; readers never see a partial file.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(options: S3FileStoreOptions) {
    this.s3 = new S3Client(options.client);
    this.bucket = options.bucket;
    // The smallest part S3 allows: memory per upload stays about partSize × queueSize (20 MiB).
    this.partSize = options.partSize ?? 5 * 1024 * 1024;
    this.queueSize = options.queueSize ?? 4;
  }

  async put(content: Readable, options: PutOptions = {}): Promise<StoredFile> {
    const hashing = new HashingStream(options.maxBytes);
    const tmpKey = `tmp/${randomUUID()}`;
    // A read error of the source (e.g. a client that disconnects) must fail the upload, not hang it,
    // and reach the caller as it is: it says nothing about the store.
    let sourceError: unknown = null;
    content.once('error', (error) => {
      sourceError = error;
      hashing.destroy(error);
    });
    content.pipe(hashing);
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: tmpKey, Body: hashing },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
      const stored = hashing.result();
      if ((await this.stat(stored.sha256)) === null) {
        await this.s3.send(
          new CopyObjectCommand({
            Bucket: this.bucket,
            Key: objectKey(stored.sha256),
            CopySource: `${this.bucket}/${tmpKey}`,
          }),
        );
      }
      return stored;
    } catch (error) {
      throw sourceError ?? translate(error);
    } finally {
      content.unpipe(hashing);
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tmpKey })).catch(() => undefined);
    }
  }

  async stat(sha256: string): Promise<StoredFile | null> {
    assertSha256(sha256);
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey(sha256) }));
      return { sha256, size: head.ContentLength ?? 0 };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw translate(error);
    }
  }

  async get(sha256: string, range?: ByteRange): Promise<Readable> {
    assertSha256(sha256);
    try {
      const object = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: objectKey(sha256),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!(object.Body instanceof Readable)) throw new StoreUnavailableError('S3 returned no readable body');
      return object.Body;
    } catch (error) {
      if (statusOf(error) === 404) throw new FileNotFoundError(sha256);
      throw translate(error);
    }
  }

  async open(sha256: string, range?: ByteRange): Promise<OpenedContent> {
    const body = await this.get(sha256, range);
    return {
      sendTo: async (destination) => {
        await pipeline(body, destination, { end: false });
        // The pipeline is done when the body has ended; the destination's writes complete in order after it.
        await new Promise<void>((resolve, reject) =>
          destination.write(Buffer.alloc(0), (error) => (error ? reject(error) : resolve())),
        );
      },
      close: async () => {
        body.destroy();
      },
    };
  }

  async delete(sha256: string): Promise<void> {
    assertSha256(sha256);
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey(sha256) }));
    } catch (error) {
      throw translate(error);
    }
  }

  async ready(): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (statusOf(error) !== 404) throw translate(error);
      await this.s3.send(new CreateBucketCommand({ Bucket: this.bucket })).catch((created: unknown) => {
        // Another process may have created it in between.
        if ((created as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw translate(created);
      });
    }
  }

  destroy(): void {
    this.s3.destroy();
  }
}

function objectKey(sha256: string): string {
  return `objects/${sha256}`;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

/** Our own errors pass; the service's 4xx answers are bugs of ours and pass too; anything else means the store is unreachable. */
function translate(error: unknown): unknown {
  if (
    error instanceof FileTooLargeError ||
    error instanceof FileNotFoundError ||
    error instanceof StoreUnavailableError
  ) {
    return error;
  }
  const status = statusOf(error);
  if (status !== undefined && status < 500) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`object store unavailable: ${message}`, { cause: error });
}
