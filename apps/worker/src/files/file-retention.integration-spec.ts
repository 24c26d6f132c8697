import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CascadeConfigModule, DEFAULT_STORAGE } from '@cascade/config';
import { type FileAttachmentEntity, FilesRepository, openDatabase, PersistenceModule } from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';
import type { INestApplicationContext } from '@nestjs/common';
import { testConfig } from '../../../../test/support/api-app';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../../test/support/databases';
import { FileRetentionModule } from './file-retention.module';
import { FileRetentionSweeper, RETENTION_CLOCK, UNATTACHED_FILE_TTL_MS } from './file-retention.service';

const HOUR = 3600_000;

describe.each(databaseKinds())('file retention sweep on %s', (kind) => {
  let db: TestDatabase;
  let storeDir: string;
  let context: INestApplicationContext;
  let files: FilesRepository;
  let store: FileStore;
  let sweeper: FileRetentionSweeper;
  let now = Date.parse('2026-12-01T08:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await (await openDatabase(db.config)).destroy();
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-retention-'));
    const config = {
      ...testConfig('127.0.0.1:1', db.config),
      storage: { ...DEFAULT_STORAGE, url: `file://${storeDir}` },
    };
    const moduleRef = await Test.createTestingModule({
      imports: [CascadeConfigModule.forRoot(config), PersistenceModule, FileRetentionModule],
    })
      .overrideProvider(RETENTION_CLOCK)
      .useValue(() => now)
      .compile();
    context = await moduleRef.init();
    files = context.get(FilesRepository);
    store = context.get(FILE_STORE);
    sweeper = context.get(FileRetentionSweeper);
  });

  afterAll(async () => {
    await context?.close();
    await db?.drop();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  /** Stores `text` and records it as uploaded at `uploadedAt`, as POST /api/files does. */
  async function uploaded(text: string, uploadedAt: number) {
    const stored = await store.put(Readable.from([Buffer.from(text)]));
    return files.create({
      sha256: stored.sha256,
      size: stored.size,
      name: `${text}.txt`,
      mediaType: 'text/plain; charset=utf-8',
      uploaderUnit: '141002',
      uploadedBy: null,
      uploadedAt,
    });
  }

  function attachedTo(directiveId: string, fileId: string): FileAttachmentEntity {
    return {
      id: `${directiveId}:ATTACHMENT:0`,
      fileId,
      role: 'ATTACHMENT',
      directiveId,
      assignmentId: null,
      reportId: null,
      position: 0,
      attachedAt: now,
    };
  }

  it('removes an upload left unattached for a day, row and content; keeps younger and attached ones', async () => {
    const start = now;
    const forgotten = await uploaded('forgotten', start);
    const attached = await uploaded('attached', start);
    await files.attach([attachedTo('withdrawn-directive', attached.id)]);
    // The same bytes as an attached file: its row goes, the shared content stays.
    const twin = await uploaded('attached', start);
    now = start + UNATTACHED_FILE_TTL_MS - HOUR;
    const young = await uploaded('young', now);

    expect(await sweeper.sweep()).toEqual({ files: 0, objects: 0 });

    now = start + UNATTACHED_FILE_TTL_MS + 1;
    expect(await sweeper.sweep()).toEqual({ files: 2, objects: 1 });
    expect(await files.get(forgotten.id)).toBeNull();
    expect(await store.stat(forgotten.sha256)).toBeNull();
    expect(await files.get(twin.id)).toBeNull();
    expect(await files.get(attached.id)).not.toBeNull();
    expect(await store.stat(attached.sha256)).toEqual({ sha256: attached.sha256, size: attached.size });
    expect(await files.get(young.id)).not.toBeNull();

    // Attachments are never removed: a file attached long ago stays however old it gets.
    now += 365 * 24 * HOUR;
    expect(await sweeper.sweep()).toEqual({ files: 1, objects: 1 });
    expect(await files.get(young.id)).toBeNull();
    expect(await files.get(attached.id)).not.toBeNull();
    expect(await store.stat(attached.sha256)).not.toBeNull();
  });

  it('goes through more uploads than one batch', async () => {
    const start = now;
    for (let i = 0; i < 501; i++) await uploaded(`bulk-${i}`, start);
    now = start + UNATTACHED_FILE_TTL_MS + 1;
    expect(await sweeper.sweep()).toEqual({ files: 501, objects: 501 });
    expect(await files.unattachedBefore(now)).toEqual([]);
  });

  it('lets an upload of the same bytes record its row only before the count or after the content is gone', async () => {
    const start = now;
    const expired = await uploaded('raced', start);
    now = start + UNATTACHED_FILE_TTL_MS + 1;
    let racing: Promise<unknown> | null = null;
    let recorded = false;
    const removed = await files.deleteExpiredUpload(expired, async (sha256) => {
      // A new upload of these bytes has stored them and records its row while the sweep is between its count and the removal.
      racing = uploaded('raced', now).then((row) => {
        recorded = true;
        return row;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(recorded).toBe(false);
      await store.delete(sha256);
    });
    expect(removed).toEqual({ file: true, content: true });
    await racing;
    expect(recorded).toBe(true);
    // The new row came after the removal, so the uploader's check (POST /api/files) sees the content gone.
    expect(await store.stat(expired.sha256)).toBeNull();

    // A row of the same bytes written before the sweep keeps the content.
    const old = await uploaded('kept', start);
    const fresh = await uploaded('kept', now);
    expect(await files.deleteExpiredUpload(old, (sha256) => store.delete(sha256))).toEqual({
      file: true,
      content: false,
    });
    expect(await store.stat(fresh.sha256)).not.toBeNull();
  });
});
