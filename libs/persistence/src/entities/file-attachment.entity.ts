import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FileRole } from '@cascade/contracts';
import { EpochColumn } from '../columns';

/**
 * One use of a file: the 正文 or an 附件 of a directive (issue or forward), or a file of one report
 * version. Who may download a file follows from these rows: whoever may see the directive or the
 * report. Rows are never deleted: a withdrawn directive's files stay readable (留痕).
 */
@Entity({ name: 'file_attachments' })
@Index('ix_file_attachments_directive', ['directiveId', 'role'])
export class FileAttachmentEntity {
  /** `{directiveId}:{role}:{position}` or `{reportId}:REPORT:{position}`: a replayed event writes the same row. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Index('ix_file_attachments_file')
  @Column({ name: 'file_id', type: 'varchar', length: 64 })
  fileId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: FileRole;

  /** The directive the file belongs to (for a report file: the directive the report answers). */
  @Column({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  /** For REPORT files: the reporting assignment and the report version's id. */
  @Index('ix_file_attachments_assignment')
  @Column({ name: 'assignment_id', type: 'varchar', length: 191, nullable: true })
  assignmentId!: string | null;

  @Column({ name: 'report_id', type: 'varchar', length: 191, nullable: true })
  reportId!: string | null;

  /** Order within the document (附件一, 附件二 …). */
  @Column({ type: 'int' })
  position!: number;

  @EpochColumn('attached_at')
  attachedAt!: number;
}
