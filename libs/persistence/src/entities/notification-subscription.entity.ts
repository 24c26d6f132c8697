import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn, JsonColumn } from '../columns';
import type { NotificationKind } from './notification.entity';

/** Channels a subscription can name; `inapp` (the 消息中心) needs no subscription: every unit has it. */
export const SUBSCRIPTION_CHANNELS = ['email', 'webhook', 'dingtalk', 'wecom', 'sms'] as const;
export type SubscriptionChannel = (typeof SUBSCRIPTION_CHANNELS)[number];

/**
 * Who gets what: a unit's wish, or one person's of that unit, to receive some kinds of notification on one
 * channel at one address.
 */
@Entity({ name: 'notification_subscriptions' })
export class NotificationSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('ix_notification_subscriptions_unit')
  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  /** The person whose own subscription this is (their e-mail or mobile); null for the unit's. */
  @Index('ix_notification_subscriptions_person')
  @Column({ name: 'person_id', type: 'varchar', length: 36, nullable: true })
  personId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  channel!: SubscriptionChannel;

  /** E-mail address, webhook or robot URL, or mobile number. */
  @Column({ type: 'varchar', length: 500 })
  address!: string;

  /** Signing secret of webhooks and 钉钉 robots; never returned by the API. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  secret!: string | null;

  /** The kinds this subscription receives. */
  @JsonColumn('kinds')
  kinds!: NotificationKind[];

  /** Outside office hours only urgent notifications (督办) go out; the rest wait for the next office hour. */
  @Column({ name: 'quiet_hours', type: 'boolean' })
  quietHours!: boolean;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @EpochColumn('created_at')
  createdAt!: number;
}
