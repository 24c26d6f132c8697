import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type Repository } from 'typeorm';
import { EventEntity } from './entities/event.entity';
import { NotificationEntity } from './entities/notification.entity';

/** How long a claimed notification is reserved for the dispatcher that claimed it. */
export const CLAIM_LEASE_MS = 60_000;

/** The notification outbox: rows are written by the EventProjector and sent by the dispatcher. */
@Injectable()
export class NotificationsRepository {
  private readonly notifications: Repository<NotificationEntity>;
  private readonly events: Repository<EventEntity>;

  constructor(dataSource: DataSource) {
    this.notifications = dataSource.getRepository(NotificationEntity);
    this.events = dataSource.getRepository(EventEntity);
  }

  byId(id: string): Promise<NotificationEntity | null> {
    return this.notifications.findOneBy({ id });
  }

  /** The directive of the event a notification tells of, whose page the message links to. */
  async directiveOf(eventId: string): Promise<string | null> {
    const event = await this.events.findOne({ where: { id: eventId }, select: { id: true, directiveId: true } });
    return event?.directiveId ?? null;
  }

  /** Unsent rows tried fewer than `maxAttempts` times and not held by a dispatcher, oldest first. */
  pending(limit: number, maxAttempts: number, now = Date.now()): Promise<NotificationEntity[]> {
    return this.notifications
      .createQueryBuilder('n')
      .where('n.sent_at IS NULL AND n.attempts < :maxAttempts', { maxAttempts })
      .andWhere(this.unclaimed(now))
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Takes a row read by {@link pending} for one attempt; false when another dispatcher got there
   * first. The claim holds the row for CLAIM_LEASE_MS, so a row being sent is not pending for
   * anyone else, and a dispatcher that died mid-send releases it when the lease runs out.
   */
  async claim(notification: NotificationEntity, now = Date.now()): Promise<boolean> {
    const result = await this.notifications
      .createQueryBuilder()
      .update(NotificationEntity)
      .set({ attempts: notification.attempts + 1, claimedAt: now })
      .where('id = :id AND attempts = :attempts AND sent_at IS NULL', {
        id: notification.id,
        attempts: notification.attempts,
      })
      .andWhere(this.unclaimed(now, ''))
      .execute();
    return result.affected === 1;
  }

  private unclaimed(now: number, alias = 'n.') {
    return new Brackets((q) =>
      q
        .where(`${alias}claimed_at IS NULL`)
        .orWhere(`${alias}claimed_at < :leaseStart`, { leaseStart: now - CLAIM_LEASE_MS }),
    );
  }

  async markSent(id: string, channel: string, sentAt: number): Promise<void> {
    await this.notifications.update({ id }, { sentAt, channel, lastError: null });
  }

  async markFailed(id: string, error: string): Promise<void> {
    // Released at once: the next round may try again.
    await this.notifications.update({ id }, { lastError: error.slice(0, 2000), claimedAt: null });
  }
}
