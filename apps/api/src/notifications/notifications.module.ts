import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { NotificationAdminController } from './notification-admin.controller';
import { NotificationAdminService } from './notification-admin.service';

/** The 消息中心 of each unit, and the admin's subscriptions and dead-letter list. */
@Module({
  controllers: [InboxController, NotificationAdminController],
  providers: [NotificationAdminService],
})
export class NotificationsModule {}
