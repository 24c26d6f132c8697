import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  type NotificationDeliveryEntity,
  NotificationDeliveriesRepository,
  type NotificationSubscriptionEntity,
  NotificationSubscriptionsRepository,
  type SubscriptionChannel,
  subscriptionRefusal,
  UnitsRepository,
} from '@cascade/persistence';
import { toIso } from '../common/instants';
import type { CreateSubscriptionDto, DeliveryDto, SubscriptionDto, UpdateSubscriptionDto } from './notification.dto';

export function toSubscriptionDto(row: NotificationSubscriptionEntity): SubscriptionDto {
  return {
    id: row.id,
    unitCode: row.unitCode,
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

/** Who gets what: the rules for subscriptions an admin sets. */
@Injectable()
export class NotificationAdminService {
  constructor(
    private readonly subscriptions: NotificationSubscriptionsRepository,
    private readonly deliveries: NotificationDeliveriesRepository,
    private readonly units: UnitsRepository,
  ) {}

  async create(input: CreateSubscriptionDto): Promise<SubscriptionDto> {
    if (!(await this.units.findByCode(input.unitCode))) {
      throw new NotFoundException({ code: 'UNKNOWN_UNIT', message: `单位 ${input.unitCode} 不存在` });
    }
    this.check(input.channel, input.address, input.secret ?? null);
    return toSubscriptionDto(await this.subscriptions.create(input));
  }

  async update(id: string, changes: UpdateSubscriptionDto): Promise<SubscriptionDto> {
    const current = await this.subscriptions.get(id);
    if (!current) throw this.notFound(id);
    this.check(current.channel, changes.address ?? current.address, changes.secret ?? current.secret);
    const updated = await this.subscriptions.update(id, changes);
    if (!updated) throw this.notFound(id);
    return toSubscriptionDto(updated);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.subscriptions.remove(id))) throw this.notFound(id);
  }

  private check(channel: SubscriptionChannel, address: string, secret: string | null): void {
    const refusal = subscriptionRefusal(channel, address, secret);
    if (refusal) {
      throw new UnprocessableEntityException({
        code: 'SUBSCRIPTION_ADDRESS',
        message: refusal,
        fields: [{ field: 'address', message: refusal }],
      });
    }
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException({ code: 'NOT_FOUND', message: `订阅 ${id} 不存在` });
  }
}
