import { Module } from '@nestjs/common';
import { LiveModule } from '../live/live.module';
import { InboxController } from './inbox.controller';
import { NotificationAdminController } from './notification-admin.controller';
import { NotificationAdminService } from './notification-admin.service';
import { NotificationStreamController } from './notification-stream.controller';
import { StreamTicketsService } from './stream-tickets.service';

/** The 消息中心 of each unit with its live stream (unread counts and changes), and the admin's subscriptions and dead-letter list. */
@Module({
  imports: [LiveModule],
  controllers: [InboxController, NotificationAdminController, NotificationStreamController],
  providers: [NotificationAdminService, StreamTicketsService],
})
export class NotificationsModule {}
