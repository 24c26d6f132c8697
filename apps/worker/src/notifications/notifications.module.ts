import { Module } from '@nestjs/common';
import { NOTIFICATION_CHANNEL } from './notification-channel';
import { createNotificationChannel } from './notification-channel.factory';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationPoller } from './notification-poller.service';

/** Sends the notification outbox from the worker (the repositories come from PersistenceModule). */
@Module({
  providers: [
    { provide: NOTIFICATION_CHANNEL, useFactory: createNotificationChannel },
    NotificationDispatcher,
    NotificationPoller,
  ],
  exports: [NotificationDispatcher],
})
export class NotificationsModule {}
