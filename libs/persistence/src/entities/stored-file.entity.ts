import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

/**
 * An uploaded file's metadata; the bytes are in the file store under `sha256` (content-addressed,
 * so two uploads of the same bytes share one object). Private to the uploader's unit until attached.
 */
@Entity({ name: 'files' })
export class StoredFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Index('ix_files_sha256')
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Cleaned file name as shown and downloaded (may be Chinese). */
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'bigint', transformer: { to: (v: unknown) => v, from: (v: string | number) => Number(v) } })
  size!: number;

  @Column({ name: 'media_type', type: 'varchar', length: 128 })
  mediaType!: string;

  @Column({ name: 'uploader_unit', type: 'varchar', length: 32 })
  uploaderUnit!: string;

  /** Who uploaded it (token name or person), for the 留痕. */
  @Column({ name: 'uploaded_by', type: 'varchar', length: 128, nullable: true })
  uploadedBy!: string | null;

  @EpochColumn('uploaded_at')
  uploadedAt!: number;

  /** First time it was attached to a directive or report; null while unattached (removed after 24 h). */
  @Index('ix_files_attached_at')
  @EpochColumn('attached_at', { nullable: true })
  attachedAt!: number | null;
}
