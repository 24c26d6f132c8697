import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/support/databases';
import type { FileAttachmentEntity } from './entities/file-attachment.entity';
import { StoredFileEntity } from './entities/stored-file.entity';
import { fileRefOf, FilesRepository, type NewStoredFile } from './files.repository';
import { openDatabase } from './open-database';

const HOUR = 3600_000;
const T0 = Date.parse('2026-11-30T08:00:00Z');

function upload(sha: string, uploadedAt: number, name = '通知.pdf'): NewStoredFile {
  return {
    sha256: sha.repeat(64).slice(0, 64),
    name,
    size: 1234,
    mediaType: 'application/pdf',
    uploaderUnit: '141000',
    uploadedBy: 'token-1',
    uploadedAt,
  };
}

function attachment(fileId: string, id: string, attachedAt: number, position = 0): FileAttachmentEntity {
  return {
    id,
    fileId,
    role: 'ATTACHMENT',
    directiveId: 'd-1',
    assignmentId: null,
    reportId: null,
    position,
    attachedAt,
  };
}

describe.each(databaseKinds())('FilesRepository on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let files: FilesRepository;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    files = new FilesRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM file_attachments');
    await dataSource.query('DELETE FROM files');
  });

  it('creates an upload with a new id and reads it back, size and times as numbers, the Chinese name intact', async () => {
    const created = await files.create({
      ...upload('a', T0, '关于开展“银龄行动”的通知（附件1）.pdf'),
      size: 3_000_000_000,
    });
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.attachedAt).toBeNull();
    const read = await files.get(created.id);
    expect(read).toEqual(created);
    expect(fileRefOf(read!)).toEqual({
      fileId: created.id,
      sha256: 'a'.repeat(64),
      name: '关于开展“银龄行动”的通知（附件1）.pdf',
      size: 3_000_000_000,
      mediaType: 'application/pdf',
    });
    expect(await files.get('missing')).toBeNull();
  });

  it('gets many by id, ignoring unknown ones', async () => {
    const a = await files.create(upload('a', T0));
    const b = await files.create(upload('b', T0));
    expect((await files.getMany([b.id, 'missing', a.id])).map((f) => f.id).sort()).toEqual([a.id, b.id].sort());
    expect(await files.getMany([])).toEqual([]);
  });

  it('attaches idempotently, keeps the first attachment time, and works inside a caller’s transaction', async () => {
    const file = await files.create(upload('a', T0));
    await files.attach([attachment(file.id, 'd-1:ATTACHMENT:0', T0 + HOUR)]);
    await files.attach([attachment(file.id, 'd-1:ATTACHMENT:0', T0 + HOUR)]);
    expect(await files.attachmentsOf(file.id)).toHaveLength(1);
    expect((await files.get(file.id))!.attachedAt).toBe(T0 + HOUR);

    await dataSource.transaction((manager) =>
      files.attach([attachment(file.id, 'd-2:ATTACHMENT:0', T0 + 2 * HOUR)], manager),
    );
    expect((await files.attachmentsOf(file.id)).map((a) => a.id).sort()).toEqual([
      'd-1:ATTACHMENT:0',
      'd-2:ATTACHMENT:0',
    ]);
    expect((await files.get(file.id))!.attachedAt).toBe(T0 + HOUR);

    // A transaction that fails leaves neither the row nor the mark.
    const other = await files.create(upload('b', T0));
    await expect(
      dataSource.transaction(async (manager) => {
        await files.attach([attachment(other.id, 'd-3:ATTACHMENT:0', T0)], manager);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await files.attachmentsOf(other.id)).toEqual([]);
    expect((await files.get(other.id))!.attachedAt).toBeNull();
    await files.attach([]);
  });

  it('lists unattached uploads older than a time, oldest first and in batches, and removes only unattached ones', async () => {
    const old = await files.create(upload('a', T0 - 30 * HOUR));
    const older = await files.create(upload('b', T0 - 40 * HOUR));
    const recent = await files.create(upload('c', T0 - HOUR));
    const attached = await files.create(upload('d', T0 - 50 * HOUR));
    await files.attach([attachment(attached.id, 'd-1:BODY:0', T0 - 49 * HOUR)]);

    const cutoff = T0 - 24 * HOUR;
    expect((await files.unattachedBefore(cutoff)).map((f) => f.id)).toEqual([older.id, old.id]);
    expect((await files.unattachedBefore(cutoff, 1)).map((f) => f.id)).toEqual([older.id]);
    expect(recent.uploadedAt).toBeGreaterThan(cutoff);

    expect(await files.deleteUnattached(attached.id)).toBe(false);
    expect(await files.get(attached.id)).not.toBeNull();
    expect(await files.deleteUnattached(old.id)).toBe(true);
    expect(await files.deleteUnattached(old.id)).toBe(false);
    expect(await files.get(old.id)).toBeNull();
  });

  it('counts the rows that share a content', async () => {
    await files.create(upload('a', T0));
    await files.create(upload('a', T0 + 1));
    await files.create(upload('b', T0));
    expect(await files.countBySha256('a'.repeat(64))).toBe(2);
    expect(await files.countBySha256('c'.repeat(64))).toBe(0);
    expect(await dataSource.getRepository(StoredFileEntity).count()).toBe(3);
  });
});
