import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, type Repository } from 'typeorm';
import { type DeliveryStatus, NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { CLAIM_LEASE_MS } from './notifications.repository';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

/** A delivery before it is stored: what the router decided. */
export type DeliveryDraft = Pick<
  NotificationDeliveryEntity,
  'id' | 'notificationId' | 'eventId' | 'recipientUnit' | 'subscriptionId' | 'channel' | 'address' | 'nextAttemptAt'
>;

/** Deliveries: one row per notification, recipient and channel; the dispatcher's work list and the dead letters. */
@Injectable()
export class NotificationDeliveriesRepository {
  private readonly deliveries: Repository<NotificationDeliveryEntity>;

  constructor(dataSource: DataSource) {
    this.deliveries = dataSource.getRepository(NotificationDeliveryEntity);
  }

  /** Stores new deliveries; one whose key exists already is left as it is (idempotent fan-out). */
  async addMissing(drafts: DeliveryDraft[], now = Date.now()): Promise<void> {
    if (drafts.length === 0) return;
    await this.deliveries
      .createQueryBuilder()
      .insert()
      .into(NotificationDeliveryEntity)
      .values(
        drafts.map((draft) => ({
          ...draft,
          status: 'PENDING' as const,
          attempts: 0,
          claimedAt: null,
          lastError: null,
          createdAt: now,
          sentAt: null,
        })),
      )
      .orIgnore()
      .execute();
  }

  /** Pending deliveries whose time has come and that no dispatcher holds, earliest first. */
  due(limit: number, now = Date.now()): Promise<NotificationDeliveryEntity[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where("d.status = 'PENDING' AND d.next_attempt_at <= :now", { now })
      .andWhere(
        new Brackets((q) =>
          q.where('d.claimed_at IS NULL').orWhere('d.claimed_at < :leaseStart', { leaseStart: now - CLAIM_LEASE_MS }),
        ),
      )
      .orderBy('d.next_attempt_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Takes a due delivery for one attempt; false when another dispatcher got there first. */
  async claim(delivery: NotificationDeliveryEntity, now = Date.now()): Promise<boolean> {
    const result = await this.deliveries
      .createQueryBuilder()
      .update(NotificationDeliveryEntity)
      .set({ attempts: delivery.attempts + 1, claimedAt: now })
      .where("id = :id AND attempts = :attempts AND status = 'PENDING'", {
        id: delivery.id,
        attempts: delivery.attempts,
      })
      .andWhere(
        new Brackets((q) =>
          q.where('claimed_at IS NULL').orWhere('claimed_at < :leaseStart', { leaseStart: now - CLAIM_LEASE_MS }),
        ),
      )
      .execute();
    return result.affected === 1;
  }

  async markSent(id: string, sentAt: number): Promise<void> {
    await this.deliveries.update({ id }, { status: 'SENT', sentAt, lastError: null, claimedAt: null });
  }

  /** Back to pending, not before `nextAttemptAt`. */
  async markRetry(id: string, error: string, nextAttemptAt: number): Promise<void> {
    await this.deliveries.update({ id }, { lastError: error.slice(0, 2000), nextAttemptAt, claimedAt: null });
  }

  /** Into the dead-letter list: no more attempts until an admin retries it. */
  async markDead(id: string, error: string): Promise<void> {
    await this.deliveries.update({ id }, { status: 'DEAD', lastError: error.slice(0, 2000), claimedAt: null });
  }

  /** Deliveries in one status, newest first. */
  async list(status: DeliveryStatus, page: PageRequest): Promise<Page<NotificationDeliveryEntity>> {
    const [items, total] = await this.deliveries.findAndCount({
      where: { status },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset ?? 0,
      take: page.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items, total };
  }

  /** Dead deliveries back to pending with fresh attempts; returns how many. */
  async retryDead(ids: string[] | 'all', now = Date.now()): Promise<number> {
    const where = ids === 'all' ? { status: 'DEAD' as const } : { status: 'DEAD' as const, id: In(ids) };
    const result = await this.deliveries.update(where, {
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      claimedAt: null,
    });
    return result.affected ?? 0;
  }

  forNotification(notificationId: string): Promise<NotificationDeliveryEntity[]> {
    return this.deliveries.find({ where: { notificationId }, order: { channel: 'ASC', address: 'ASC' } });
  }
}
