import { Injectable } from '@nestjs/common';
import { DataSource, type Repository, type SelectQueryBuilder } from 'typeorm';
import { InboxMessageEntity } from './entities/inbox-message.entity';
import { InboxReadEntity } from './entities/inbox-read.entity';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

/**
 * Who reads a unit's 消息中心: `reader` is `person:<id>` or a token id; messages older than `since` (the
 * person's account) count as read, so a new clerk does not start with the unit's whole history unread.
 */
export interface InboxReader {
  unitCode: string;
  reader: string;
  since?: number;
}

/** A message as one reader sees it. */
export interface InboxMessageView extends InboxMessageEntity {
  readAt: number | null;
}

/** The 消息中心: each unit's in-app messages, and what each of its readers has read. */
@Injectable()
export class InboxMessagesRepository {
  private readonly messages: Repository<InboxMessageEntity>;
  private readonly reads: Repository<InboxReadEntity>;

  constructor(dataSource: DataSource) {
    this.messages = dataSource.getRepository(InboxMessageEntity);
    this.reads = dataSource.getRepository(InboxReadEntity);
  }

  /** Stores a message unless one with its id exists (a notification routed twice shows once). */
  async addMissing(message: InboxMessageEntity): Promise<void> {
    await this.messages.createQueryBuilder().insert().into(InboxMessageEntity).values(message).orIgnore().execute();
  }

  /** The unit's messages, newest first, with when this reader read each. */
  async list(who: InboxReader, page: PageRequest = {}): Promise<Page<InboxMessageView>> {
    const [rows, total] = await this.messages.findAndCount({
      where: { unitCode: who.unitCode },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset ?? 0,
      take: page.limit ?? DEFAULT_PAGE_SIZE,
    });
    const reads =
      rows.length === 0
        ? []
        : await this.reads
            .createQueryBuilder('r')
            .where('r.reader = :reader', { reader: who.reader })
            .andWhere('r.messageId IN (:...ids)', { ids: rows.map((row) => row.id) })
            .getMany();
    const readAt = new Map(reads.map((read) => [read.messageId, read.readAt]));
    const items = rows.map((row) => ({
      ...row,
      readAt: readAt.get(row.id) ?? (row.createdAt < (who.since ?? 0) ? row.createdAt : null),
    }));
    return { items, total };
  }

  unreadCount(who: InboxReader): Promise<number> {
    return this.unread(who).getCount();
  }

  /** Marks one of the unit's messages read by this reader; false when the unit has no such message. */
  async markRead(who: InboxReader, id: string, now = Date.now()): Promise<boolean> {
    if (!(await this.messages.existsBy({ unitCode: who.unitCode, id }))) return false;
    await this.reads
      .createQueryBuilder()
      .insert()
      .into(InboxReadEntity)
      .values({ messageId: id, reader: who.reader, readAt: now })
      .orIgnore()
      .execute();
    return true;
  }

  /** Marks every message of the unit that this reader has not read; returns how many. */
  async markAllRead(who: InboxReader, now = Date.now()): Promise<number> {
    const unread = await this.unread(who).select('m.id', 'id').getRawMany<{ id: string }>();
    for (let i = 0; i < unread.length; i += 500) {
      await this.reads
        .createQueryBuilder()
        .insert()
        .into(InboxReadEntity)
        .values(unread.slice(i, i + 500).map(({ id }) => ({ messageId: id, reader: who.reader, readAt: now })))
        .orIgnore()
        .execute();
    }
    return unread.length;
  }

  private unread(who: InboxReader): SelectQueryBuilder<InboxMessageEntity> {
    return this.messages
      .createQueryBuilder('m')
      .where('m.unitCode = :unitCode', { unitCode: who.unitCode })
      .andWhere('m.createdAt >= :since', { since: who.since ?? 0 })
      .andWhere('NOT EXISTS (SELECT 1 FROM inbox_reads r WHERE r.message_id = m.id AND r.reader = :reader)', {
        reader: who.reader,
      });
  }
}
