import type { NotificationKind } from '@cascade/persistence';

/** What a channel sends: one outbox notification, with the link to its assignment when known. */
export interface OutgoingNotification {
  /** Idempotency key of the delivery; receivers that see it twice may drop the second. */
  id: string;
  /** The assignment event the notification tells of. */
  eventId: string;
  recipientUnit: string;
  kind: NotificationKind;
  subject: string;
  body: string;
  /** Absolute URL of the assignment's page in the dashboard, or null when no public URL is configured. */
  link?: string | null;
  /** When the outbox row was written (epoch ms). */
  createdAt?: number;
}

/** Where a channel delivers to: an e-mail address, a robot's webhook URL, a phone number… and its secret. */
export interface ChannelTarget {
  address: string;
  /** Signing secret of webhooks and robots; null for channels without one. */
  secret?: string | null;
}

/** Where outbox notifications go out: e-mail, webhooks, 钉钉/企业微信 robots, SMS, the 消息中心, a log. */
export interface NotificationChannel {
  /** Recorded in the outbox row of every notification this channel sent. */
  readonly name: string;
  /** Resolves once delivered; throws when the notification should be tried again. */
  send(notification: OutgoingNotification, target: ChannelTarget): Promise<void>;
}

/** Injection token of the configured NotificationChannel. */
export const NOTIFICATION_CHANNEL = Symbol('NOTIFICATION_CHANNEL');
