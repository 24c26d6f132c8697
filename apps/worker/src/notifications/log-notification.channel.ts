import { Logger } from '@nestjs/common';
import type { NotificationEntity } from '@cascade/persistence';
import type { NotificationChannel } from './notification-channel';

/** Writes each notification as one log line: the channel of a single machine and of tests. */
export class LogNotificationChannel implements NotificationChannel {
  readonly name = 'log';
  private readonly logger = new Logger('Notifications');

  async send(notification: NotificationEntity): Promise<void> {
    this.logger.log(
      `to ${notification.recipientUnit} [${notification.kind}] ${notification.subject} — ${notification.body}`,
    );
  }
}
