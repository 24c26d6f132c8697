import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { EventEntity } from './entities/event.entity';

/** Reads the 留痕 audit log; it is appended to only by the EventProjector. */
@Injectable()
export class EventsRepository {
  private readonly events: Repository<EventEntity>;

  constructor(dataSource: DataSource) {
    this.events = dataSource.getRepository(EventEntity);
  }

  /**
   * Every event of a directive (its own and its assignments'), in the order they occurred; events of
   * different workflows at the same instant in the order they were recorded.
   */
  byDirective(directiveId: string): Promise<EventEntity[]> {
    return this.events.find({
      where: { directiveId },
      order: { occurredAt: 'ASC', recordedAt: 'ASC', seq: 'ASC', id: 'ASC' },
    });
  }
}
