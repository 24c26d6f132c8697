import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { NotificationSubscriptionEntity, type SubscriptionChannel } from './entities/notification-subscription.entity';
import { PersonEntity } from './entities/person.entity';
import type { NotificationKind } from './entities/notification.entity';

/** The fields of a subscription an admin sets, or a person for themselves (`personId`). */
export interface SubscriptionInput {
  unitCode: string;
  personId?: string | null;
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

  /** A person's own subscriptions, oldest first. */
  ofPerson(personId: string): Promise<NotificationSubscriptionEntity[]> {
    return this.subscriptions.find({ where: { personId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The enabled subscriptions of a unit that receive `kind`: the unit's own, and those of its people who
   * still work there and may sign in (a disabled or transferred person's address gets nothing).
   */
  async receiving(unitCode: string, kind: NotificationKind): Promise<NotificationSubscriptionEntity[]> {
    const rows = await this.subscriptions
      .createQueryBuilder('s')
      .leftJoin(PersonEntity, 'p', 'p.id = s.personId')
      .where('s.unitCode = :unitCode', { unitCode })
      .andWhere('s.enabled = :enabled', { enabled: true })
      .andWhere('(s.personId IS NULL OR (p.id IS NOT NULL AND p.disabled = :disabled AND p.unitCode = s.unitCode))', {
        disabled: false,
      })
      .getMany();
    return rows.filter((row) => row.kinds.includes(kind));
  }

  get(id: string): Promise<NotificationSubscriptionEntity | null> {
    return this.subscriptions.findOneBy({ id });
  }

  async create(input: SubscriptionInput, now = Date.now()): Promise<NotificationSubscriptionEntity> {
    const row = this.subscriptions.create({
      id: randomUUID(),
      unitCode: input.unitCode,
      personId: input.personId ?? null,
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
    changes: Partial<Omit<SubscriptionInput, 'unitCode' | 'personId'>>,
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
