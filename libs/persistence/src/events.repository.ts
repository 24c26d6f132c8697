import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { CascadeEventType } from '@cascade/contracts';
import { AssignmentEntity } from './entities/assignment.entity';
import { DirectiveEntity } from './entities/directive.entity';
import { EventEntity } from './entities/event.entity';

/** An event as live updates need it: what changed, and whose it is (for who may be told). */
export interface RecordedChange {
  id: string;
  recordedAt: number;
  directiveId: string;
  assignmentId: string | null;
  /** The assignment's unit, path and issuer; null for a directive's own event or an unknown assignment. */
  unitCode: string | null;
  unitPath: string | null;
  issuerUnit: string | null;
  /** The directive's issuing unit (null when the directive is unknown). */
  directiveIssuer: string | null;
}

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

  /** The newest recorded_at in the 留痕 (0 when empty): where following it starts. */
  async lastRecordedAt(): Promise<number> {
    const row = await this.events
      .createQueryBuilder('e')
      .select('MAX(e.recordedAt)', 'last')
      .getRawOne<{ last: string | number | null }>();
    return Number(row?.last ?? 0);
  }

  /** Events recorded at or after `since`, oldest first, with the unit, path and issuer they concern. */
  async recordedSince(since: number, limit = 2000): Promise<RecordedChange[]> {
    const rows = await this.events
      .createQueryBuilder('e')
      .leftJoin(AssignmentEntity, 'a', 'a.id = e.assignmentId')
      .leftJoin(DirectiveEntity, 'd', 'd.id = e.directiveId')
      .select([
        'e.id AS id',
        'e.recordedAt AS recordedAt',
        'e.directiveId AS directiveId',
        'e.assignmentId AS assignmentId',
        'a.unitCode AS unitCode',
        'a.unitPath AS unitPath',
        'a.issuerUnit AS issuerUnit',
        'd.issuerUnit AS directiveIssuer',
      ])
      .where('e.recordedAt >= :since', { since })
      .orderBy('e.recordedAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit)
      .getRawMany<Record<string, string | number | null>>();
    const text = (value: string | number | null | undefined) =>
      value === null || value === undefined ? null : String(value);
    return rows.map((row) => ({
      id: String(row.id),
      recordedAt: Number(row.recordedAt),
      directiveId: String(row.directiveId),
      assignmentId: text(row.assignmentId),
      unitCode: text(row.unitCode),
      unitPath: text(row.unitPath),
      issuerUnit: text(row.issuerUnit),
      directiveIssuer: text(row.directiveIssuer),
    }));
  }
}
