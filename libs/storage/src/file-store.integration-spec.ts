import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { type MinioServer, minioWanted, startMinio } from '../../../test/support/minio-server';
import { FileNotFoundError, type FileStore, FileTooLargeError, StoreUnavailableError } from './file-store';
import { LocalFileStore } from './local-file-store';
import { openFileStore } from './open-file-store';
import { S3FileStore } from './s3-file-store';

const MiB = 1024 * 1024;

function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A stream of `size` pseudo-random bytes made chunk by chunk, and the hash it must get. */
function generated(size: number, seed: string): { stream: Readable; sha256: string } {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let made = 0;
  let counter = 0;
  while (made < size) {
    const chunk = createHash('sha512').update(`${seed}:${counter++}`).digest();
    const piece = chunk.subarray(0, Math.min(chunk.length, size - made));
    hash.update(piece);
    chunks.push(piece);
    made += piece.length;
  }
  return { stream: Readable.from(chunks), sha256: hash.digest('hex') };
}

/** A source that sends some bytes and then fails, as a client that disconnects mid-upload. */
function interrupted(content: Buffer): Readable {
  return new Readable({
    read() {
      this.push(content);
      this.destroy(new Error('client went away'));
    },
  });
}

interface OpenBackend {
  store: FileStore;
  minio?: MinioServer;
  /** What uploads left in the store's temporary area. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

type Backend = { name: 'local' | 's3'; open(): Promise<OpenBackend> };

const backends: Backend[] = [
  {
    name: 'local',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-files-'));
      const store = new LocalFileStore(dir);
      await store.ready();
      return {
        store,
        leftovers: async () => fs.readdirSync(path.join(dir, 'tmp')),
        close: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(minioWanted()
    ? [
        {
          name: 's3' as const,
          async open() {
            const minio = await startMinio();
            const store = new S3FileStore({
              bucket: 'cascade-files',
              client: {
                endpoint: minio.endpoint,
                region: 'us-east-1',
                forcePathStyle: true,
                credentials: { accessKeyId: minio.accessKey, secretAccessKey: minio.secretKey },
                maxAttempts: 2,
              },
              partSize: 5 * MiB,
            });
            await store.ready();
            const client = new S3Client({
              endpoint: minio.endpoint,
              region: 'us-east-1',
              forcePathStyle: true,
              credentials: { accessKeyId: minio.accessKey, secretAccessKey: minio.secretKey },
            });
            return {
              store,
              minio,
              leftovers: async () => {
                const listed = await client.send(new ListObjectsV2Command({ Bucket: 'cascade-files', Prefix: 'tmp/' }));
                return (listed.Contents ?? []).map((object) => object.Key ?? '');
              },
              close: async () => {
                store.destroy();
                client.destroy();
                await minio.dispose();
              },
            };
          },
        },
      ]
    : []),
];

describe.each(backends)('file store: $name', (backend) => {
  let store: FileStore;
  let minio: MinioServer | undefined;
  let leftovers: () => Promise<string[]>;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, minio, leftovers, close } = await backend.open());
  }, 90_000);
  afterAll(() => close?.());

  it('stores content under its SHA-256 and streams the same bytes back', async () => {
    const content = Buffer.from('临市民函〔2024〕89号 正文\n'.repeat(100));
    const stored = await store.put(Readable.from([content]));
    expect(stored).toEqual({ sha256: sha256Of(content), size: content.length });
    expect(await buffer(await store.get(stored.sha256))).toEqual(content);
    expect(await store.stat(stored.sha256)).toEqual(stored);
  });

  it('stores equal content once', async () => {
    const content = randomBytes(1000);
    const first = await store.put(Readable.from([content]));
    const second = await store.put(Readable.from([Buffer.from(content)]));
    expect(second).toEqual(first);
    expect(await buffer(await store.get(first.sha256))).toEqual(content);
  });

  it('streams a byte range', async () => {
    const content = Buffer.from('0123456789abcdefghij');
    const { sha256 } = await store.put(Readable.from([content]));
    expect((await buffer(await store.get(sha256, { start: 5, end: 9 }))).toString()).toBe('56789');
  });

  it('streams a file larger than one multipart part, chunk by chunk', async () => {
    const file = generated(12 * MiB + 17, 'large');
    const stored = await store.put(file.stream);
    expect(stored).toEqual({ sha256: file.sha256, size: 12 * MiB + 17 });
    const back = createHash('sha256');
    for await (const chunk of await store.get(stored.sha256)) back.update(chunk as Buffer);
    expect(back.digest('hex')).toBe(file.sha256);
  }, 60_000);

  it('sends a file or a range into a destination it leaves open, and fails when the destination closes early', async () => {
    const file = generated(3 * MiB + 5, 'send');
    const { sha256 } = await store.put(file.stream);
    const received: Buffer[] = [];
    const collector = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        // Copied only when the write completes, as a socket takes its bytes: a buffer reused earlier shows here.
        setImmediate(() => {
          received.push(Buffer.from(chunk));
          callback();
        });
      },
    });
    await (await store.open(sha256)).sendTo(collector);
    expect(collector.writableEnded).toBe(false);
    expect(sha256Of(Buffer.concat(received))).toBe(sha256);

    received.length = 0;
    await (await store.open(sha256, { start: MiB - 3, end: 2 * MiB + 2 })).sendTo(collector);
    const whole = await buffer(await store.get(sha256));
    expect(Buffer.concat(received)).toEqual(whole.subarray(MiB - 3, 2 * MiB + 3));

    const closing = new Writable({
      write(_chunk, _encoding, callback) {
        this.destroy();
        callback();
      },
    });
    await expect((await store.open(sha256)).sendTo(closing)).rejects.toThrow();
    await expect(store.open(sha256Of(Buffer.from('never stored')))).rejects.toBeInstanceOf(FileNotFoundError);
  }, 60_000);

  it('refuses an upload over the limit and keeps nothing of it', async () => {
    const content = randomBytes(3000);
    await expect(
      store.put(Readable.from([content.subarray(0, 1000), content.subarray(1000)]), { maxBytes: 2000 }),
    ).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await store.stat(sha256Of(content))).toBeNull();
    expect(await store.stat(sha256Of(content.subarray(0, 1000)))).toBeNull();
    expect(await leftovers()).toEqual([]);
  });

  it('keeps nothing of an interrupted upload', async () => {
    const partial = randomBytes(4096);
    await expect(store.put(interrupted(partial))).rejects.toThrow('client went away');
    expect(await store.stat(sha256Of(partial))).toBeNull();
    expect(await leftovers()).toEqual([]);
  });

  it('answers an absent file as not found, and never leaves the store for a name that is not a hash', async () => {
    const absent = sha256Of(Buffer.from('never stored'));
    expect(await store.stat(absent)).toBeNull();
    await expect(store.get(absent)).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('deletes a file, and deleting it again is no error', async () => {
    const { sha256 } = await store.put(Readable.from([randomBytes(64)]));
    await store.delete(sha256);
    expect(await store.stat(sha256)).toBeNull();
    await expect(store.delete(sha256)).resolves.toBeUndefined();
  });

  if (backend.name === 's3') {
    it('reports an unreachable store as unavailable, and has every file byte for byte when it is back', async () => {
      const kept = randomBytes(2 * MiB);
      const { sha256 } = await store.put(Readable.from([kept]));
      await minio!.stop();
      await expect(store.put(Readable.from([randomBytes(100)]))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.get(sha256)).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.ready()).rejects.toBeInstanceOf(StoreUnavailableError);
      await minio!.start();
      expect(sha256Of(await buffer(await store.get(sha256)))).toBe(sha256);
    }, 90_000);
  }
});

describe('openFileStore', () => {
  it('keeps files under the data directory by default', () => {
    const store = openFileStore(undefined, '/var/cascade');
    expect(store).toBeInstanceOf(LocalFileStore);
  });

  it('opens a directory or an S3 bucket from the storage URL', () => {
    expect(openFileStore('file:///srv/cascade-files', '/data').kind).toBe('local');
    const s3 = openFileStore('s3://key:secret@cascade?endpoint=http%3A%2F%2F127.0.0.1%3A9000', '/data');
    expect(s3.kind).toBe('s3');
    (s3 as S3FileStore).destroy();
  });

  it('names the variable when the URL is wrong', () => {
    expect(() => openFileStore('ftp://host/x', '/data')).toThrow(
      'CASCADE_STORAGE_URL must start with s3:// or file://',
    );
    expect(() => openFileStore('not a url', '/data')).toThrow('CASCADE_STORAGE_URL is not a URL');
  });
});
