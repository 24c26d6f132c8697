import { Logger } from '@nestjs/common';
import type { ChannelTarget, NotificationChannel, OutgoingNotification } from './notification-channel';

/** Writes each notification as one log line: the channel of a single machine and of tests. */
export class LogNotificationChannel implements NotificationChannel {
  readonly name = 'log';
  private readonly logger = new Logger('Notifications');

  async send(notification: OutgoingNotification, target: ChannelTarget): Promise<void> {
    this.logger.log(`to ${target.address} [${notification.kind}] ${notification.subject} — ${notification.body}`);
  }
}
