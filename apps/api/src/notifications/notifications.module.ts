import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { InboxController } from './inbox.controller';
import { InboxReadersService } from './inbox-readers.service';
import { NotificationAdminController } from './notification-admin.controller';
import { NotificationAdminService } from './notification-admin.service';
import { NotificationStreamController } from './notification-stream.controller';
import { PersonalSubscriptionsController } from './personal-subscriptions.controller';
import { PersonalSubscriptionsService } from './personal-subscriptions.service';
import { StreamTicketsService } from './stream-tickets.service';

/** The 消息中心 with its live stream (unread counts and changes), people's own subscriptions, and the admin's subscriptions and dead letters. */
@Module({
  imports: [LiveModule],
  controllers: [
    InboxController,
    NotificationAdminController,
    NotificationStreamController,
    PersonalSubscriptionsController,
  ],
  providers: [NotificationAdminService, StreamTicketsService, InboxReadersService, PersonalSubscriptionsService],
})
export class NotificationsModule {}
