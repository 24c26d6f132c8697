import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { NotificationSubscriptionEntity, type SubscriptionChannel } from './entities/notification-subscription.entity';
import type { NotificationKind } from './entities/notification.entity';

/** The fields of a subscription an admin sets. */
export interface SubscriptionInput {
  unitCode: string;
  channel: SubscriptionChannel;
  address: string;
  secret?: string | null;
  kinds: NotificationKind[];
  quietHours?: boolean;
  enabled?: boolean;
}

/** Who gets what: the units' notification subscriptions. */
@Injectable()
export class NotificationSubscriptionsRepository {
  private readonly subscriptions: Repository<NotificationSubscriptionEntity>;

  constructor(dataSource: DataSource) {
    this.subscriptions = dataSource.getRepository(NotificationSubscriptionEntity);
  }

  /** Every subscription, or one unit's, oldest first. */
  list(unitCode?: string): Promise<NotificationSubscriptionEntity[]> {
    return this.subscriptions.find({
      where: unitCode ? { unitCode } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The enabled subscriptions of a unit that receive `kind`. */
  async receiving(unitCode: string, kind: NotificationKind): Promise<NotificationSubscriptionEntity[]> {
    const rows = await this.subscriptions.findBy({ unitCode, enabled: true });
    return rows.filter((row) => row.kinds.includes(kind));
  }

  get(id: string): Promise<NotificationSubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ id });
  }

  async create(input: SubscriptionInput, now = Date.now()): Promise<NotificationSubscriptionEntity> {
    const row = this.subscriptions.create({
      id: randomUUID(),
      unitCode: input.unitCode,
      channel: input.channel,
      address: input.address,
      secret: input.secret ?? null,
      kinds: input.kinds,
      quietHours: input.quietHours ?? true,
      enabled: input.enabled ?? true,
      createdAt: now,
    });
    await this.subscriptions.insert(row);
    return row;
  }

  /** Changes what is given; null when there is no such subscription. */
  async update(
    id: string,
    changes: Partial<Omit<SubscriptionInput, 'unitCode'>>,
  ): Promise<NotificationSubscriptionEntity | null> {
    const row = await this.get(id);
    if (!row) return null;
    Object.assign(row, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
    await this.subscriptions.save(row);
    return row;
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.subscriptions.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
