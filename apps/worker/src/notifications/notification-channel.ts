import type { NotificationEntity } from '@cascade/persistence';

/** Where outbox notifications go out: a log now, mail or a messaging service later. */
export interface NotificationChannel {
  /** Recorded in the outbox row of every notification this channel sent. */
  readonly name: string;
  /** Resolves once delivered; throws when the notification should be tried again. */
  send(notification: NotificationEntity): Promise<void>;
}

/** Injection token of the configured NotificationChannel. */
export const NOTIFICATION_CHANNEL = Symbol('NOTIFICATION_CHANNEL');
