import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { type NotificationSubscriptionEntity, NotificationSubscriptionsRepository } from '@cascade/persistence';
import type { Caller, CallerPerson } from '../auth/caller';
import { assertDeliverable, toSubscriptionDto } from './notification-admin.service';
import type { CreatePersonalSubscriptionDto, SubscriptionDto, UpdatePersonalSubscriptionDto } from './notification.dto';

/** A person's own subscriptions: their unit's messages also to their mailbox or mobile. */
@Injectable()
export class PersonalSubscriptionsService {
  constructor(private readonly subscriptions: NotificationSubscriptionsRepository) {}

  async list(caller: Caller): Promise<SubscriptionDto[]> {
    const person = personOf(caller);
    return (await this.subscriptions.ofPerson(person.id)).map((row) => toSubscriptionDto(row, person.name));
  }

  async create(caller: Caller, input: CreatePersonalSubscriptionDto): Promise<SubscriptionDto> {
    const person = personOf(caller);
    assertDeliverable(input.channel, input.address, null);
    const row = await this.subscriptions.create({ ...input, unitCode: caller.unitCode, personId: person.id });
    return toSubscriptionDto(row, person.name);
  }

  async update(caller: Caller, id: string, changes: UpdatePersonalSubscriptionDto): Promise<SubscriptionDto> {
    const person = personOf(caller);
    const current = await this.own(person, id);
    assertDeliverable(current.channel, changes.address ?? current.address, null);
    const updated = await this.subscriptions.update(id, changes);
    if (!updated) throw notFound();
    return toSubscriptionDto(updated, person.name);
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.own(personOf(caller), id);
    await this.subscriptions.remove(id);
  }

  /** Another person's subscription is as unknown as a missing one. */
  private async own(person: CallerPerson, id: string): Promise<NotificationSubscriptionEntity> {
    const row = await this.subscriptions.get(id);
    if (!row || row.personId !== person.id) throw notFound();
    return row;
  }
}

function personOf(caller: Caller): CallerPerson {
  if (!caller.person) {
    throw new ForbiddenException({
      code: 'PERSON_REQUIRED',
      message: '个人接收方式需以个人账号登录后设置；接口令牌请由系统管理员在消息设置中配置单位订阅',
    });
  }
  return caller.person;
}

function notFound(): NotFoundException {
  return new NotFoundException({ code: 'NOT_FOUND', message: '没有这条个人订阅' });
}
