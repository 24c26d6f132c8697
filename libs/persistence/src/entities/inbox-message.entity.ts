import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';
import type { NotificationKind } from './notification.entity';

/** A message in a unit's 消息中心 (in-app channel); one per outbox notification, read by each reader apart. */
@Entity({ name: 'inbox_messages' })
@Index('ix_inbox_messages_unit', ['unitCode', 'createdAt'])
export class InboxMessageEntity {
  /** The outbox notification's id: writing it twice keeps one row. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 500 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  /** The directive whose page holds the assignment the message is about. */
  @Column({ name: 'directive_id', type: 'varchar', length: 64, nullable: true })
  directiveId!: string | null;

  @EpochColumn('created_at')
  createdAt!: number;
}
