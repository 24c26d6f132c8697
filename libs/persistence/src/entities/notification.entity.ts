import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

export const NOTIFICATION_KINDS = [
  'DELIVERED',
  'REMINDER',
  'ESCALATION',
  'REPORT_SUBMITTED',
  'REPORT_RETURNED',
  'EXTENSION_REQUESTED',
  'EXTENSION_DECIDED',
  'DEADLINE_CHANGED',
  'WITHDRAWN',
  'AMENDMENT',
  'URGED',
  'FORWARD_FLAGGED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Channel of a row not sent yet: whichever channel the dispatcher runs with. */
export const DEFAULT_NOTIFICATION_CHANNEL = 'default';

/** The notification outbox: written with the event's projection, sent later by the dispatcher. */
@Entity({ name: 'notifications' })
@Index('idx_notifications_pending', ['sentAt', 'createdAt'])
export class NotificationEntity {
  /** `{eventId}>{recipientUnit}`: one notification per event and recipient. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Index('idx_notifications_event')
  @Column({ name: 'event_id', type: 'varchar', length: 191 })
  eventId!: string;

  @Index('idx_notifications_recipient')
  @Column({ name: 'recipient_unit', type: 'varchar', length: 32 })
  recipientUnit!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 500 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  /** `default` until sent, then the name of the channel that sent it (e.g. `log`). */
  @Column({ type: 'varchar', length: 32 })
  channel!: string;

  @EpochColumn('created_at')
  createdAt!: number;

  @EpochColumn('sent_at', { nullable: true })
  sentAt!: number | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When a dispatcher took the row for an attempt; others leave it alone until the lease runs out. */
  @EpochColumn('claimed_at', { nullable: true })
  claimedAt!: number | null;
}
