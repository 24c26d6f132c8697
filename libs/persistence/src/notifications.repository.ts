import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type Repository } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity';

/** The notification outbox: rows are written by the EventProjector and sent by the dispatcher. */
@Injectable()
export class NotificationsRepository {
  private readonly notifications: Repository<NotificationEntity>;

  constructor(dataSource: DataSource) {
    this.notifications = dataSource.getRepository(NotificationEntity);
  }

  /** Unsent rows that have been tried fewer than `maxAttempts` times, oldest first. */
  pending(limit: number, maxAttempts: number): Promise<NotificationEntity[]> {
    return this.notifications.find({
      where: { sentAt: IsNull(), attempts: LessThan(maxAttempts) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  /**
   * Counts an attempt on a row read by {@link pending}; false when another dispatcher got there
   * first (the row was sent or its attempts moved), so each attempt has one sender.
   */
  async claim(notification: NotificationEntity): Promise<boolean> {
    const result = await this.notifications.update(
      { id: notification.id, attempts: notification.attempts, sentAt: IsNull() },
      { attempts: notification.attempts + 1 },
    );
    return result.affected === 1;
  }

  async markSent(id: string, channel: string, sentAt: number): Promise<void> {
    await this.notifications.update({ id }, { sentAt, channel, lastError: null });
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.notifications.update({ id }, { lastError: error.slice(0, 2000) });
  }

  /** The notifications derived from one event. */
  byEvent(eventId: string): Promise<NotificationEntity[]> {
    return this.notifications.find({ where: { eventId }, order: { id: 'ASC' } });
  }
}
