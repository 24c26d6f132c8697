import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, type EntityManager, type Repository } from 'typeorm';
import type { FileRef } from '@cascade/contracts';
import { FileAttachmentEntity } from './entities/file-attachment.entity';
import { StoredFileEntity } from './entities/stored-file.entity';
import { inSqliteTurn } from './sqlite-turns';

/** What the store knows of an upload before it gets its id. */
export type NewStoredFile = Omit<StoredFileEntity, 'id' | 'attachedAt'>;

/** The FileRef workflows and events carry for a stored file. */
export function fileRefOf(file: StoredFileEntity): FileRef {
  return { fileId: file.id, sha256: file.sha256, name: file.name, size: file.size, mediaType: file.mediaType };
}

/** Metadata of uploaded files and where each is attached; the bytes are in the file store. */
@Injectable()
export class FilesRepository {
  private readonly files: Repository<StoredFileEntity>;
  private readonly attachments: Repository<FileAttachmentEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.files = dataSource.getRepository(StoredFileEntity);
    this.attachments = dataSource.getRepository(FileAttachmentEntity);
  }

  /**
   * Records an upload whose bytes are already in the store; returns it with its new id. The caller
   * checks afterwards that the content is still there ({@link deleteExpiredUpload} may have removed
   * the same bytes just before this row was written).
   */
  async create(file: NewStoredFile): Promise<StoredFileEntity> {
    const row: StoredFileEntity = { ...file, id: randomUUID().replace(/-/g, ''), attachedAt: null };
    await this.inTurn(() => this.files.insert(row));
    return row;
  }

  get(id: string): Promise<StoredFileEntity | null> {
    return this.files.findOneBy({ id });
  }

  /** The files with these ids that exist (in no particular order). */
  getMany(ids: readonly string[]): Promise<StoredFileEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.files.findBy({ id: In([...ids]) });
  }

  /** Every place the file is attached to (none while it is a private upload). */
  attachmentsOf(fileId: string): Promise<FileAttachmentEntity[]> {
    return this.attachments.findBy({ fileId });
  }

  /**
   * Records attachments (idempotent by their id: a replayed event writes the same rows) and marks the
   * files attached, within the caller's transaction when one is given.
   */
  async attach(rows: FileAttachmentEntity[], manager?: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    const m = manager ?? this.files.manager;
    await m.getRepository(FileAttachmentEntity).upsert(rows, ['id']);
    const at = Math.min(...rows.map((r) => r.attachedAt));
    await m
      .getRepository(StoredFileEntity)
      .update({ id: In([...new Set(rows.map((r) => r.fileId))]), attachedAt: IsNull() }, { attachedAt: at });
  }

  /** Uploads never attached and older than `before` (epoch ms): the retention sweep removes them. */
  unattachedBefore(before: number, limit = 500): Promise<StoredFileEntity[]> {
    return this.files.find({
      where: { attachedAt: IsNull(), uploadedAt: LessThan(before) },
      order: { uploadedAt: 'ASC' },
      take: limit,
    });
  }

  /** Removes an unattached upload's metadata; false when it got attached meanwhile. */
  async deleteUnattached(id: string): Promise<boolean> {
    const result = await this.files.delete({ id, attachedAt: IsNull() });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Removes an unattached upload's row and, when no other row has the same bytes, its content (by
   * `removeContent`), in one transaction that locks the rows of those bytes until the content is gone:
   * an upload of the same bytes records its row either before (the count sees it; the content stays)
   * or after the content is gone (and its check after {@link create} sees that). Nothing when the file
   * got attached meanwhile; a failing removal (the store down) keeps the row for the next sweep.
   */
  deleteExpiredUpload(
    file: Pick<StoredFileEntity, 'id' | 'sha256'>,
    removeContent: (sha256: string) => Promise<void>,
  ): Promise<{ file: boolean; content: boolean }> {
    const mysql = this.dataSource.options.type === 'mysql';
    return this.inTurn(() =>
      this.dataSource.transaction(async (manager) => {
        const deleted = await manager.delete(StoredFileEntity, { id: file.id, attachedAt: IsNull() });
        if (!deleted.affected) return { file: false, content: false };
        // FOR UPDATE takes next-key locks on the sha256 index: an insert of the same bytes waits for the commit.
        const [{ n }] = (await manager.query(
          `SELECT COUNT(*) AS n FROM files WHERE sha256 = ?${mysql ? ' FOR UPDATE' : ''}`,
          [file.sha256],
        )) as { n: number | string }[];
        if (Number(n) > 0) return { file: true, content: false };
        await removeContent(file.sha256);
        return { file: true, content: true };
      }),
    );
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    return inSqliteTurn(this.dataSource, work);
  }

  /** How many file rows share this content (the store's object may be removed only at zero). */
  countBySha256(sha256: string): Promise<number> {
    return this.files.countBy({ sha256 });
  }
}
