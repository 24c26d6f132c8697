import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { AssignmentStatus } from '@cascade/contracts';
import { AssignmentEntity } from './entities/assignment.entity';
import { DirectiveEntity } from './entities/directive.entity';

/** Statuses in which an assignment waits on its own unit (REPORTED waits on the issuer). */
export const INBOX_STATUSES: readonly AssignmentStatus[] = ['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'RETURNED'];

/** A row of a unit's inbox: the assignment with its directive's 文号 and title. */
export interface InboxItem {
  id: string;
  directiveId: string;
  docNumber: string | null;
  title: string | null;
  status: AssignmentStatus;
  deadline: number;
  ackDueAt: number;
  overdue: boolean;
  escalationLevel: number;
}

/** Reads 承办任务 rows; they are written only by the EventProjector. */
@Injectable()
export class AssignmentsRepository {
  private readonly assignments: Repository<AssignmentEntity>;
  private readonly directives: Repository<DirectiveEntity>;

  constructor(dataSource: DataSource) {
    this.assignments = dataSource.getRepository(AssignmentEntity);
    this.directives = dataSource.getRepository(DirectiveEntity);
  }

  findById(id: string): Promise<AssignmentEntity | null> {
    return this.assignments.findOneBy({ id });
  }

  /** The assignments waiting on a unit (see INBOX_STATUSES), earliest deadline first. */
  async inbox(unitCode: string): Promise<InboxItem[]> {
    const rows = await this.assignments.find({
      where: { unitCode, status: In([...INBOX_STATUSES]) },
      order: { deadline: 'ASC', id: 'ASC' },
    });
    const directiveIds = [...new Set(rows.map((row) => row.directiveId))];
    const directives = directiveIds.length
      ? await this.directives.find({ where: { id: In(directiveIds) }, select: { id: true, docNumber: true, title: true } })
      : [];
    const byId = new Map(directives.map((directive) => [directive.id, directive]));
    return rows.map((row) => ({
      id: row.id,
      directiveId: row.directiveId,
      docNumber: byId.get(row.directiveId)?.docNumber ?? null,
      title: byId.get(row.directiveId)?.title ?? null,
      status: row.status,
      deadline: row.deadline,
      ackDueAt: row.ackDueAt,
      overdue: row.overdue,
      escalationLevel: row.escalationLevel,
    }));
  }

  /** Every assignment in one of these statuses (e.g. the running ones), by id. */
  withStatuses(statuses: AssignmentStatus[]): Promise<AssignmentEntity[]> {
    return this.assignments.find({ where: { status: In(statuses) }, order: { id: 'ASC' } });
  }

  /** The assignments of one directive (one forwarding level), by unit code. */
  byDirective(directiveId: string): Promise<AssignmentEntity[]> {
    return this.assignments.find({ where: { directiveId }, order: { unitCode: 'ASC' } });
  }

  /**
   * Every assignment under a top-level directive, across all forwarding levels, by unit path;
   * parentAssignmentId links a row to the forwarding assignment above it.
   */
  treeRows(rootDirectiveId: string): Promise<AssignmentEntity[]> {
    return this.assignments.find({ where: { rootDirectiveId }, order: { unitPath: 'ASC', id: 'ASC' } });
  }
}
