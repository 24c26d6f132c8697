import { Entity, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

/**
 * That one reader has read one 消息中心 message. Messages belong to a unit; each person of it (and each
 * integration token) reads them on its own, so one clerk's 已读 does not hide a message from another.
 */
@Entity({ name: 'inbox_reads' })
export class InboxReadEntity {
  @PrimaryColumn({ name: 'message_id', type: 'varchar', length: 255 })
  messageId!: string;

  /** `person:<id>` for a person, the token's id for a bearer token. */
  @PrimaryColumn({ type: 'varchar', length: 80 })
  reader!: string;

  @EpochColumn('read_at')
  readAt!: number;
}
