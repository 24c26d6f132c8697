import { Injectable } from '@nestjs/common';
import { type InboxReader, PeopleRepository } from '@cascade/persistence';
import type { Caller } from '../auth/caller';

/**
 * Who reads the 消息中心 for a caller: a person reads on their own from the day their account was made;
 * a token (an integration) reads on its own over the whole history.
 */
@Injectable()
export class InboxReadersService {
  /** Accounts are never re-dated, so their start is looked up once per process. */
  private readonly since = new Map<string, number>();

  constructor(private readonly people: PeopleRepository) {}

  async of(caller: Caller): Promise<InboxReader> {
    if (!caller.person) return { unitCode: caller.unitCode, reader: caller.tokenId };
    let since = this.since.get(caller.person.id);
    if (since === undefined) {
      since = (await this.people.findById(caller.person.id))?.createdAt ?? 0;
      this.since.set(caller.person.id, since);
    }
    return { unitCode: caller.unitCode, reader: `person:${caller.person.id}`, since };
  }
}
