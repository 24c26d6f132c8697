import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  AssignmentEntity,
  DirectiveEntity,
  type DirectiveStatus,
  EscalationEntity,
  type Page,
  ReportEntity,
  UnitEntity,
} from '@cascade/persistence';

// The escaping of the read model's LIKE patterns (columns.ts): `!` escapes on MySQL and SQLite alike.
const ESCAPE = "ESCAPE '!'";
const escapeLike = (text: string) => text.replace(/[!%_]/g, (c) => `!${c}`);

/** Whose directives a listing holds: all, those a unit issued or received, or those touching a subtree. */
export type DirectiveListScope = { kind: 'all' } | { kind: 'unit'; unitCode: string } | { kind: 'subtree'; path: string };

export interface DirectiveListQuery {
  scope: DirectiveListScope;
  issuer?: string;
  status?: DirectiveStatus;
  q?: string;
  limit: number;
  offset: number;
}

export interface EscalationListQuery {
  underPath?: string;
  /** Only escalations of assignments this unit holds or issued. */
  involvingUnit?: string;
  minLevel?: number;
  openOnly?: boolean;
  directiveId?: string;
  limit: number;
  offset: number;
}

/** Read-model queries the API scopes by caller; the rows themselves are written only by the EventProjector. */
@Injectable()
export class ReadModelQueries {
  constructor(private readonly dataSource: DataSource) {}

  async unitsByCode(codes: readonly string[]): Promise<Map<string, UnitEntity>> {
    const units = codes.length ? await this.dataSource.getRepository(UnitEntity).findBy({ code: In([...new Set(codes)]) }) : [];
    return new Map(units.map((unit) => [unit.code, unit]));
  }

  async directiveTouchesSubtree(directiveId: string, path: string): Promise<boolean> {
    const row = await this.dataSource
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .select('a.id')
      .where('a.directiveId = :directiveId', { directiveId })
      .andWhere(`a.unitPath LIKE :path ${ESCAPE}`, { path: `${escapeLike(path)}%` })
      .limit(1)
      .getOne();
    return row !== null;
  }

  /**
   * The rows under a top-level directive, across every forwarding level, optionally only those
   * of units under `underPath`: a forward reaches subordinates only, so the tree of a forward
   * lies under its issuer and need not load the whole national cascade.
   */
  treeRows(rootDirectiveId: string, underPath?: string): Promise<AssignmentEntity[]> {
    const builder = this.dataSource.getRepository(AssignmentEntity).createQueryBuilder('a').where('a.rootDirectiveId = :rootDirectiveId', { rootDirectiveId });
    if (underPath) builder.andWhere(`a.unitPath LIKE :path ${ESCAPE}`, { path: `${escapeLike(underPath)}%` });
    return builder.orderBy('a.unitPath', 'ASC').addOrderBy('a.id', 'ASC').getMany();
  }

  /** Newest first. */
  async directives(query: DirectiveListQuery): Promise<Page<DirectiveEntity>> {
    const builder = this.dataSource.getRepository(DirectiveEntity).createQueryBuilder('d');
    const { scope } = query;
    if (scope.kind === 'unit') {
      builder.andWhere('(d.issuerUnit = :unit OR EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.unit_code = :unit))', { unit: scope.unitCode });
    } else if (scope.kind === 'subtree') {
      builder.andWhere(
        `(EXISTS (SELECT 1 FROM units u WHERE u.code = d.issuer_unit AND u.path LIKE :path ${ESCAPE})` +
          ` OR EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.unit_path LIKE :path ${ESCAPE}))`,
        { path: `${escapeLike(scope.path)}%` },
      );
    }
    if (query.issuer) builder.andWhere('d.issuerUnit = :issuer', { issuer: query.issuer });
    if (query.status) builder.andWhere('d.status = :status', { status: query.status });
    if (query.q) builder.andWhere(`(d.title LIKE :q ${ESCAPE} OR d.docNumber LIKE :q ${ESCAPE})`, { q: `%${escapeLike(query.q)}%` });
    const [items, total] = await builder.orderBy('d.issuedAt', 'DESC').addOrderBy('d.id', 'ASC').limit(query.limit).offset(query.offset).getManyAndCount();
    return { items, total };
  }

  /** Most overdue first: earliest deadline of the assignment, then highest level. */
  async escalations(query: EscalationListQuery): Promise<Page<EscalationEntity>> {
    const builder = this.dataSource.getRepository(EscalationEntity).createQueryBuilder('e').innerJoin(AssignmentEntity, 'a', 'a.id = e.assignmentId');
    if (query.underPath) builder.andWhere(`a.unitPath LIKE :path ${ESCAPE}`, { path: `${escapeLike(query.underPath)}%` });
    if (query.involvingUnit) builder.andWhere('(a.unitCode = :unit OR a.issuerUnit = :unit)', { unit: query.involvingUnit });
    if (query.minLevel) builder.andWhere('e.level >= :minLevel', { minLevel: query.minLevel });
    if (query.openOnly) builder.andWhere('e.resolvedAt IS NULL');
    if (query.directiveId) builder.andWhere('e.directiveId = :directiveId', { directiveId: query.directiveId });
    const [items, total] = await builder
      .orderBy('a.deadline', 'ASC')
      .addOrderBy('e.level', 'DESC')
      .addOrderBy('e.firedAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(query.limit)
      .offset(query.offset)
      .getManyAndCount();
    return { items, total };
  }

  /** The newest report version of every assignment of a directive, by assignment id. */
  async latestReports(directiveId: string): Promise<Map<string, ReportEntity>> {
    const reports = await this.dataSource.getRepository(ReportEntity).find({ where: { directiveId }, order: { version: 'ASC' } });
    return new Map(reports.map((report) => [report.assignmentId, report]));
  }
}
