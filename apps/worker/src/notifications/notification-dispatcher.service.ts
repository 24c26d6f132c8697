import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotificationsRepository } from '@cascade/persistence';
import { NOTIFICATION_CHANNEL, type NotificationChannel } from './notification-channel';

/** What one dispatch round did. */
export interface DispatchResult {
  sent: number;
  failed: number;
}

/** After this many failed attempts a notification stays in the outbox with its last error. */
export const MAX_NOTIFICATION_ATTEMPTS = 5;

/** Sends unsent outbox rows through the configured channel, recording each attempt. */
@Injectable()
export class NotificationDispatcher {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    private readonly outbox: NotificationsRepository,
    @Inject(NOTIFICATION_CHANNEL) private readonly channel: NotificationChannel,
  ) {}

  /** Sends up to `limit` pending notifications, oldest first. */
  async dispatchPending(limit = 100): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, failed: 0 };
    for (const notification of await this.outbox.pending(limit, MAX_NOTIFICATION_ATTEMPTS)) {
      if (!(await this.outbox.claim(notification))) continue;
      try {
        await this.channel.send(notification, { address: notification.recipientUnit });
        await this.outbox.markSent(notification.id, this.channel.name, Date.now());
        result.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await this.outbox.markFailed(notification.id, message);
        this.logger.warn(`notification ${notification.id} failed (attempt ${notification.attempts + 1}): ${message}`);
        result.failed += 1;
      }
    }
    return result;
  }
}
