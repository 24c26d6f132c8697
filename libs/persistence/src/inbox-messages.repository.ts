import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';
import { InboxMessageEntity } from './entities/inbox-message.entity';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

/** The 消息中心: each unit's in-app messages and what it has read. */
@Injectable()
export class InboxMessagesRepository {
  private readonly messages: Repository<InboxMessageEntity>;

  constructor(dataSource: DataSource) {
    this.messages = dataSource.getRepository(InboxMessageEntity);
  }

  /** Stores a message unless one with its id exists (a notification routed twice shows once). */
  async addMissing(message: Omit<InboxMessageEntity, 'readAt'>): Promise<void> {
    await this.messages
      .createQueryBuilder()
      .insert()
      .into(InboxMessageEntity)
      .values({ ...message, readAt: null })
      .orIgnore()
      .execute();
  }

  /** A unit's messages, newest first. */
  async list(unitCode: string, page: PageRequest = {}): Promise<Page<InboxMessageEntity>> {
    const [items, total] = await this.messages.findAndCount({
      where: { unitCode },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset ?? 0,
      take: page.limit ?? DEFAULT_PAGE_SIZE,
    });
    return { items, total };
  }

  unreadCount(unitCode: string): Promise<number> {
    return this.messages.countBy({ unitCode, readAt: IsNull() });
  }

  /** Marks one of the unit's messages read; false when the unit has no such message. */
  async markRead(unitCode: string, id: string, now = Date.now()): Promise<boolean> {
    const message = await this.messages.findOneBy({ unitCode, id });
    if (!message) return false;
    if (message.readAt === null) await this.messages.update({ unitCode, id, readAt: IsNull() }, { readAt: now });
    return true;
  }

  /** Marks every unread message of the unit read; returns how many. */
  async markAllRead(unitCode: string, now = Date.now()): Promise<number> {
    const result = await this.messages.update({ unitCode, readAt: IsNull() }, { readAt: now });
    return result.affected ?? 0;
  }
}
