import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { CascadeEventType } from '@cascade/contracts';
import { EventEntity } from './entities/event.entity';

/** Reads the 留痕 audit log; it is appended to only by the EventProjector. */
@Injectable()
export class EventsRepository {
  private readonly events: Repository<EventEntity>;

  constructor(dataSource: DataSource) {
    this.events = dataSource.getRepository(EventEntity);
  }

  /**
   * Every event of the directives (their own and their assignments'), in one query, in the order they
   * occurred; events of different workflows at the same instant in the order they were recorded.
   */
  byDirectives(directiveIds: readonly string[]): Promise<EventEntity[]> {
    if (directiveIds.length === 0) return Promise.resolve([]);
    return this.events.find({
      where: { directiveId: In([...new Set(directiveIds)]) },
      order: { occurredAt: 'ASC', recordedAt: 'ASC', seq: 'ASC', id: 'ASC' },
    });
  }

  /** The events of these types of the assignments, in the order they occurred. */
  byAssignments(assignmentIds: readonly string[], types: readonly CascadeEventType[]): Promise<EventEntity[]> {
    if (assignmentIds.length === 0 || types.length === 0) return Promise.resolve([]);
    return this.events.find({
      where: { assignmentId: In([...new Set(assignmentIds)]), type: In([...types]) },
      order: { occurredAt: 'ASC', recordedAt: 'ASC', seq: 'ASC', id: 'ASC' },
    });
  }
}
