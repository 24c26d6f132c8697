import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import type { AssignmentStatus } from '@cascade/contracts';
import { LIKE_ESCAPE, likeContains, likePrefix } from './columns';
import { selectFields } from './select-fields';
import { AssignmentEntity } from './entities/assignment.entity';
import { DirectiveEntity } from './entities/directive.entity';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

/** What 逐级汇总 needs of an assignment: where it sits in the tree, its state and what stamps a change. */
const ROLLUP_TREE_FIELDS = [
  'id',
  'parentAssignmentId',
  'directiveId',
  'unitCode',
  'unitName',
  'unitPath',
  'status',
  'lastSeq',
  'updatedAt',
] as const satisfies ReadonlyArray<keyof AssignmentEntity>;
export type RollupTreeRow = Pick<AssignmentEntity, (typeof ROLLUP_TREE_FIELDS)[number]>;

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

/** A unit's assignments in some statuses, found by 文号 or title and by deadline, one page at a time. */
export interface AssignmentListFilter extends PageRequest {
  unitCode: string;
  statuses: readonly AssignmentStatus[];
  /** Part of the title or the 文号 of the directive. */
  q?: string;
  /** Deadline at or after this instant (epoch ms). */
  deadlineFrom?: number;
  /** Deadline before this instant (epoch ms). */
  deadlineBefore?: number;
  /** Nearest deadline first (work waiting), or most recent report or 办结 first (work done). */
  order: 'deadline' | 'reportedAt' | 'acceptedAt';
}

/** A listed assignment with its directive's 文号 and title. */
export interface ListedAssignment {
  row: AssignmentEntity;
  docNumber: string | null;
  title: string | null;
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
    const byId = await this.directivesById(rows.map((row) => row.directiveId));
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

  /** One page of a unit's assignments (see AssignmentListFilter); the unit's (unit_code, status) index narrows it. */
  async list(filter: AssignmentListFilter): Promise<Page<ListedAssignment>> {
    if (filter.statuses.length === 0) return { items: [], total: 0 };
    const query = this.assignments
      .createQueryBuilder('a')
      .where('a.unitCode = :unitCode', { unitCode: filter.unitCode })
      .andWhere('a.status IN (:...statuses)', { statuses: [...filter.statuses] });
    if (filter.q)
      query.andWhere(
        'EXISTS (SELECT 1 FROM directives d WHERE d.id = a.directive_id' +
          ` AND (d.title LIKE :q ${LIKE_ESCAPE} OR d.doc_number LIKE :q ${LIKE_ESCAPE}))`,
        { q: likeContains(filter.q) },
      );
    if (filter.deadlineFrom !== undefined) query.andWhere('a.deadline >= :from', { from: filter.deadlineFrom });
    if (filter.deadlineBefore !== undefined) query.andWhere('a.deadline < :before', { before: filter.deadlineBefore });
    if (filter.order === 'deadline') query.orderBy('a.deadline', 'ASC');
    else query.orderBy(`a.${filter.order}`, 'DESC').addOrderBy('a.deadline', 'ASC');
    const [rows, total] = await query
      .addOrderBy('a.id', 'ASC')
      .limit(filter.limit ?? DEFAULT_PAGE_SIZE)
      .offset(filter.offset ?? 0)
      .getManyAndCount();
    const directives = await this.directivesById(rows.map((row) => row.directiveId));
    return {
      items: rows.map((row) => ({
        row,
        docNumber: directives.get(row.directiveId)?.docNumber ?? null,
        title: directives.get(row.directiveId)?.title ?? null,
      })),
      total,
    };
  }

  private async directivesById(ids: readonly string[]): Promise<Map<string, DirectiveEntity>> {
    const unique = [...new Set(ids)];
    const rows = unique.length
      ? await this.directives.find({
          where: { id: In(unique) },
          select: { id: true, docNumber: true, title: true },
        })
      : [];
    return new Map(rows.map((directive) => [directive.id, directive]));
  }

  /** Every assignment in one of these statuses (e.g. the running ones), by id. */
  withStatuses(statuses: AssignmentStatus[]): Promise<AssignmentEntity[]> {
    return this.assignments.find({ where: { status: In(statuses) }, order: { id: 'ASC' } });
  }

  /** The assignments of one directive (one forwarding level), by unit code. */
  byDirective(directiveId: string): Promise<AssignmentEntity[]> {
    return this.assignments.find({ where: { directiveId }, order: { unitCode: 'ASC' } });
  }

  /** The assignments among `ids`, by id (unknown ids are left out). */
  async byIds(ids: readonly string[]): Promise<Map<string, AssignmentEntity>> {
    const rows = ids.length ? await this.assignments.findBy({ id: In([...new Set(ids)]) }) : [];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * The fields of every assignment under a top-level directive that 逐级汇总 keeps in memory (a
   * township-scale cascade has ~45,000), by unit path.
   */
  rollupRows(rootDirectiveId: string): Promise<RollupTreeRow[]> {
    const query = this.assignments
      .createQueryBuilder('a')
      .where('a.rootDirectiveId = :rootDirectiveId', { rootDirectiveId })
      .orderBy('a.unitPath', 'ASC')
      .addOrderBy('a.id', 'ASC');
    return selectFields(query, 'a', ROLLUP_TREE_FIELDS);
  }

  /** The same fields of some assignments, read by primary key (the units a roll-up's catch-up applies). */
  async rollupRowsByIds(ids: readonly string[]): Promise<RollupTreeRow[]> {
    if (!ids.length) return [];
    const query = this.assignments.createQueryBuilder('a').where('a.id IN (:...ids)', { ids: [...new Set(ids)] });
    return selectFields(query, 'a', ROLLUP_TREE_FIELDS);
  }

  /**
   * Every assignment under a top-level directive, across all forwarding levels, by unit path;
   * parentAssignmentId links a row to the forwarding assignment above it. With `underPath`, only
   * those of units under it: a forward reaches subordinates only, so the tree of a forward lies
   * under its issuer and need not load the whole national cascade.
   */
  treeRows(rootDirectiveId: string, underPath?: string): Promise<AssignmentEntity[]> {
    const query = this.assignments
      .createQueryBuilder('a')
      .where('a.rootDirectiveId = :rootDirectiveId', { rootDirectiveId });
    if (underPath) query.andWhere(`a.unitPath LIKE :path ${LIKE_ESCAPE}`, { path: likePrefix(underPath) });
    return query.orderBy('a.unitPath', 'ASC').addOrderBy('a.id', 'ASC').getMany();
  }

  /**
   * A stamp that changes whenever the projector changes an assignment under a top-level directive
   * (each event raises its assignment's `last_seq`; a report, a return or an acceptance is such an
   * event): what is computed from the tree can be reused while the stamp stays the same.
   */
  async treeStamp(rootDirectiveId: string): Promise<string> {
    const row = (await this.assignments
      .createQueryBuilder('a')
      .select('COUNT(*)', 'count')
      .addSelect('COALESCE(SUM(a.lastSeq), 0)', 'seq')
      .addSelect('COALESCE(MAX(a.updatedAt), 0)', 'updated')
      .where('a.rootDirectiveId = :rootDirectiveId', { rootDirectiveId })
      .getRawOne()) as { count: number | string; seq: number | string; updated: number | string };
    return `${row.count}/${row.seq}/${row.updated}`;
  }

  /** The assignments a unit holds anywhere under a top-level directive (at most one per forwarding level). */
  byUnitInRoot(unitCode: string, rootDirectiveId: string): Promise<AssignmentEntity[]> {
    return this.assignments.find({ where: { unitCode, rootDirectiveId }, order: { id: 'ASC' } });
  }

  /** Whether any assignment of the directive went to a unit under `path`. */
  async directiveTouchesSubtree(directiveId: string, path: string): Promise<boolean> {
    const row = await this.assignments
      .createQueryBuilder('a')
      .select('a.id')
      .where('a.directiveId = :directiveId', { directiveId })
      .andWhere(`a.unitPath LIKE :path ${LIKE_ESCAPE}`, { path: likePrefix(path) })
      .limit(1)
      .getOne();
    return row !== null;
  }
}
