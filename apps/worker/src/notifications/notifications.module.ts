import { Module } from '@nestjs/common';
import { WorkCalendarSource } from '@cascade/calendar';
import { createDeliveryChannels, DELIVERY_CHANNELS } from './delivery-channels';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import { NOTIFICATION_CHANNEL } from './notification-channel';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationPoller } from './notification-poller.service';
import { NotificationRouter } from './notification-router';
import { loadNotificationSettings, NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';

/**
 * Sends the notification outbox from the worker (the repositories come from PersistenceModule): outbox rows
 * are routed into the 消息中心 and per-subscription deliveries, which are sent through their channels.
 */
@Module({
  providers: [
    { provide: NOTIFICATION_SETTINGS, useFactory: () => loadNotificationSettings() },
    {
      provide: DELIVERY_CHANNELS,
      inject: [NOTIFICATION_SETTINGS],
      useFactory: (settings: NotificationSettings) => createDeliveryChannels(settings),
    },
    WorkCalendarSource,
    NotificationRouter,
    { provide: NOTIFICATION_CHANNEL, useExisting: NotificationRouter },
    NotificationDispatcher,
    DeliveryDispatcher,
    NotificationPoller,
  ],
  exports: [NotificationDispatcher, DeliveryDispatcher],
})
export class NotificationsModule {}
