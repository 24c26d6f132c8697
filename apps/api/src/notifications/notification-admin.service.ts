import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  type NotificationDeliveryEntity,
  PeopleRepository,
  type NotificationSubscriptionEntity,
  NotificationSubscriptionsRepository,
  type SubscriptionChannel,
  subscriptionRefusal,
  UnitsRepository,
} from '@cascade/persistence';
import { toIso } from '../common/instants';
import type { CreateSubscriptionDto, DeliveryDto, SubscriptionDto, UpdateSubscriptionDto } from './notification.dto';

export function toSubscriptionDto(
  row: NotificationSubscriptionEntity,
  personName: string | null = null,
): SubscriptionDto {
  return {
    id: row.id,
    unitCode: row.unitCode,
    personId: row.personId,
    personName,
    channel: row.channel,
    address: row.address,
    hasSecret: row.secret !== null,
    kinds: row.kinds,
    quietHours: row.quietHours,
    enabled: row.enabled,
    createdAt: toIso(row.createdAt),
  };
}

export function toDeliveryDto(row: NotificationDeliveryEntity): DeliveryDto {
  return {
    id: row.id,
    notificationId: row.notificationId,
    eventId: row.eventId,
    recipientUnit: row.recipientUnit,
    channel: row.channel,
    address: row.address,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: toIso(row.nextAttemptAt),
    lastError: row.lastError,
    createdAt: toIso(row.createdAt),
    sentAt: toIso(row.sentAt),
  };
}

/** 422 naming the address when a message could not be delivered there. */
export function assertDeliverable(channel: SubscriptionChannel, address: string, secret: string | null): void {
  const refusal = subscriptionRefusal(channel, address, secret);
  if (refusal) {
    throw new UnprocessableEntityException({
      code: 'SUBSCRIPTION_ADDRESS',
      message: refusal,
      fields: [{ field: 'address', message: refusal }],
    });
  }
}

/** Who gets what: the rules for subscriptions an admin sets. */
@Injectable()
export class NotificationAdminService {
  constructor(
    private readonly subscriptions: NotificationSubscriptionsRepository,
    private readonly units: UnitsRepository,
    private readonly people: PeopleRepository,
  ) {}

  /** Every subscription, or one unit's, with the names of the people whose own they are. */
  async list(unitCode?: string): Promise<SubscriptionDto[]> {
    const rows = await this.subscriptions.list(unitCode);
    const personIds = [...new Set(rows.map((row) => row.personId).filter((id): id is string => id !== null))];
    const names = new Map(
      (await Promise.all(personIds.map((id) => this.people.findById(id))))
        .filter((person) => person !== null)
        .map((person) => [person.id, person.name]),
    );
    return rows.map((row) => toSubscriptionDto(row, row.personId ? (names.get(row.personId) ?? null) : null));
  }

  async create(input: CreateSubscriptionDto): Promise<SubscriptionDto> {
    if (!(await this.units.findByCode(input.unitCode))) {
      throw new NotFoundException({ code: 'UNKNOWN_UNIT', message: `单位 ${input.unitCode} 不存在` });
    }
    assertDeliverable(input.channel, input.address, input.secret ?? null);
    return toSubscriptionDto(await this.subscriptions.create(input));
  }

  async update(id: string, changes: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    const current = await this.subscriptions.get(id);
    if (!current) throw this.notFound(id);
    assertDeliverable(current.channel, changes.address ?? current.address, changes.secret ?? current.secret);
    const updated = await this.subscriptions.update(id, changes);
    if (!updated) throw this.notFound(id);
    return toSubscriptionDto(updated);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.subscriptions.remove(id))) throw this.notFound(id);
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException({ code: 'NOT_FOUND', message: `订阅 ${id} 不存在` });
  }
}
