import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { LIKE_ESCAPE, likeContains } from './columns';
import { DirectiveVersionEntity } from './entities/directive-version.entity';
import { DirectiveEntity, type DirectiveStatus } from './entities/directive.entity';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

export interface DirectiveFilter extends PageRequest {
  issuer?: string;
  status?: DirectiveStatus;
  /** Part of the title or the 文号. */
  q?: string;
  /** Only directives this unit issued or has an assignment of. */
  involvingUnit?: string;
}

/** Reads 公文 rows and their versions; they are written only by the EventProjector. */
@Injectable()
export class DirectivesRepository {
  private readonly directives: Repository<DirectiveEntity>;
  private readonly versions: Repository<DirectiveVersionEntity>;

  constructor(dataSource: DataSource) {
    this.directives = dataSource.getRepository(DirectiveEntity);
    this.versions = dataSource.getRepository(DirectiveVersionEntity);
  }

  findById(id: string): Promise<DirectiveEntity | null> {
    return this.directives.findOneBy({ id });
  }

  /** Newest first. */
  async list(filter: DirectiveFilter = {}): Promise<Page<DirectiveEntity>> {
    const query = this.directives.createQueryBuilder('d');
    if (filter.issuer) query.andWhere('d.issuerUnit = :issuer', { issuer: filter.issuer });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.q) query.andWhere(`(d.title LIKE :q ${LIKE_ESCAPE} OR d.docNumber LIKE :q ${LIKE_ESCAPE})`, { q: likeContains(filter.q) });
    if (filter.involvingUnit) {
      query.andWhere('(d.issuerUnit = :unit OR EXISTS (SELECT 1 FROM assignments a WHERE a.directive_id = d.id AND a.unit_code = :unit))', {
        unit: filter.involvingUnit,
      });
    }
    const [items, total] = await query
      .orderBy('d.issuedAt', 'DESC')
      .addOrderBy('d.id', 'ASC')
      .limit(filter.limit ?? DEFAULT_PAGE_SIZE)
      .offset(filter.offset ?? 0)
      .getManyAndCount();
    return { items, total };
  }

  /** Every version of a directive, oldest first. */
  versionsOf(directiveId: string): Promise<DirectiveVersionEntity[]> {
    return this.versions.find({ where: { directiveId }, order: { version: 'ASC' } });
  }
}
