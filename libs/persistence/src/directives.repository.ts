import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type Repository } from 'typeorm';
import type { DirectiveDocuments, PeriodQuota } from '@cascade/contracts';
import { LIKE_ESCAPE, likeContains, likePrefix } from './columns';
import { DirectiveVersionEntity } from './entities/directive-version.entity';
import { DirectiveEntity, type DirectiveStatus } from './entities/directive.entity';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

/** Whose directives a listing holds: all, those a unit issued or received, or those touching a subtree. */
export type DirectiveListScope =
  { kind: 'all' } | { kind: 'unit'; unitCode: string } | { kind: 'subtree'; path: string };

export interface DirectiveFilter extends PageRequest {
  scope: DirectiveListScope;
  issuer?: string;
  status?: DirectiveStatus;
  /** Part of the title or the 文号. */
  q?: string;
  /** Deadline at or after this instant (epoch ms). */
  deadlineFrom?: number;
  /** Deadline before this instant (epoch ms). */
  deadlineBefore?: number;
}

/** Reads 公文 rows; they are written only by the EventProjector. */
@Injectable()
export class DirectivesRepository {
  private readonly directives: Repository<DirectiveEntity>;
  private readonly versions: Repository<DirectiveVersionEntity>;

  constructor(dataSource: DataSource) {
    this.directives = dataSource.getRepository(DirectiveEntity);
    this.versions = dataSource.getRepository(DirectiveVersionEntity);
  }

  /** 正文 and 附件 files of the directive as its newest version reads (amendments may replace them). */
  async documents(directive: Pick<DirectiveEntity, 'id' | 'version'>): Promise<DirectiveDocuments | null> {
    const version = await this.versions.findOneBy({ directiveId: directive.id, version: directive.version });
    return version?.snapshot.documents ?? null;
  }

  findById(id: string): Promise<DirectiveEntity | null> {
    return this.directives.findOneBy({ id });
  }

  /** A directive's 填报表 alone (null without one, or for an unknown id): every 报送 checks its figures against it. */
  async formOf(id: string): Promise<DirectiveEntity['form']> {
    return (await this.directives.findOne({ where: { id }, select: { id: true, form: true } }))?.form ?? null;
  }

  /** The quotas each recipient of a recurring directive's period must meet (its series'); none for any other directive. */
  async periodQuotas(directive: Pick<DirectiveEntity, 'seriesDirectiveId'>): Promise<PeriodQuota[]> {
    if (!directive.seriesDirectiveId) return [];
    return (await this.findById(directive.seriesDirectiveId))?.recurrence?.quotas ?? [];
  }

  /** The directives among `ids`, by id (unknown ids are left out). */
  async byIds(ids: readonly string[]): Promise<Map<string, DirectiveEntity>> {
    const rows = ids.length ? await this.directives.findBy({ id: In([...new Set(ids)]) }) : [];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** The periods' directives of a recurring directive, oldest period first. */
  periodsOf(seriesDirectiveId: string): Promise<DirectiveEntity[]> {
    return this.directives.find({ where: { seriesDirectiveId }, order: { periodKey: 'ASC' } });
  }

  /** How many directives there are besides these. */
  countExcept(ids: readonly string[]): Promise<number> {
    return ids.length ? this.directives.countBy({ id: Not(In([...ids])) }) : this.directives.count();
  }

  /** Newest first. */
  async list(filter: DirectiveFilter): Promise<Page<DirectiveEntity>> {
    const query = this.directives.createQueryBuilder('d');
    const { scope } = filter;
    if (scope.kind === 'unit') {
      query.andWhere(
        '(d.issuerUnit = :unit OR EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.unit_code = :unit))',
        { unit: scope.unitCode },
      );
    } else if (scope.kind === 'subtree') {
      query.andWhere(
        `(EXISTS (SELECT 1 FROM units u WHERE u.code = d.issuer_unit AND u.path LIKE :path ${LIKE_ESCAPE})` +
          ` OR EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.unit_path LIKE :path ${LIKE_ESCAPE}))`,
        { path: likePrefix(scope.path) },
      );
    }
    if (filter.issuer) query.andWhere('d.issuerUnit = :issuer', { issuer: filter.issuer });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.q)
      query.andWhere(`(d.title LIKE :q ${LIKE_ESCAPE} OR d.docNumber LIKE :q ${LIKE_ESCAPE})`, {
        q: likeContains(filter.q),
      });
    if (filter.deadlineFrom !== undefined) query.andWhere('d.deadline >= :from', { from: filter.deadlineFrom });
    if (filter.deadlineBefore !== undefined) query.andWhere('d.deadline < :before', { before: filter.deadlineBefore });
    const [items, total] = await query
      .orderBy('d.issuedAt', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .limit(filter.limit ?? DEFAULT_PAGE_SIZE)
      .offset(filter.offset ?? 0)
      .getManyAndCount();
    return { items, total };
  }
}
