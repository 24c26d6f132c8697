import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

export const DELIVERY_STATUSES = ['PENDING', 'SENT', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One notification to one recipient on one channel: sent once, retried with backoff, or dead-lettered. */
@Entity({ name: 'notification_deliveries' })
@Index('ix_notification_deliveries_due', ['status', 'nextAttemptAt'])
export class NotificationDeliveryEntity {
  /** Idempotency key: SHA-256 of (event id, recipient unit, channel, address); unique by the primary key. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Index('ix_notification_deliveries_notification')
  @Column({ name: 'notification_id', type: 'varchar', length: 255 })
  notificationId!: string;

  @Column({ name: 'event_id', type: 'varchar', length: 191 })
  eventId!: string;

  @Column({ name: 'recipient_unit', type: 'varchar', length: 32 })
  recipientUnit!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ type: 'varchar', length: 500 })
  address!: string;

  @Column({ type: 'varchar', length: 8 })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** Not before this instant: backoff after a failure, or the next office hour in quiet hours. */
  @EpochColumn('next_attempt_at')
  nextAttemptAt!: number;

  @EpochColumn('claimed_at', { nullable: true })
  claimedAt!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @EpochColumn('created_at')
  createdAt!: number;

  @EpochColumn('sent_at', { nullable: true })
  sentAt!: number | null;
}
