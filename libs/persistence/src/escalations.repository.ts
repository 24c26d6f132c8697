import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { LIKE_ESCAPE, likePrefix } from './columns';
import { AssignmentEntity } from './entities/assignment.entity';
import { EscalationEntity } from './entities/escalation.entity';
import { DEFAULT_PAGE_SIZE, type Page, type PageRequest } from './page';

export interface EscalationFilter extends PageRequest {
  /** A unit's path (units.path, e.g. `000000/140000/`): only escalations of that unit and below. */
  underPath?: string;
  /** Only escalations of assignments this unit holds or issued. */
  involvingUnit?: string;
  minLevel?: number;
  /** Only escalations not resolved yet. */
  openOnly?: boolean;
  directiveId?: string;
}

/** Reads 督办记录 rows; they are written only by the EventProjector. */
@Injectable()
export class EscalationsRepository {
  private readonly escalations: Repository<EscalationEntity>;

  constructor(dataSource: DataSource) {
    this.escalations = dataSource.getRepository(EscalationEntity);
  }

  /** Most overdue first: earliest assignment deadline, then highest level, then first fired. */
  async list(filter: EscalationFilter = {}): Promise<Page<EscalationEntity>> {
    const query = this.escalations.createQueryBuilder('e').innerJoin(AssignmentEntity, 'a', 'a.id = e.assignmentId');
    if (filter.underPath)
      query.andWhere(`a.unitPath LIKE :path ${LIKE_ESCAPE}`, { path: likePrefix(filter.underPath) });
    if (filter.involvingUnit)
      query.andWhere('(a.unitCode = :unit OR a.issuerUnit = :unit)', { unit: filter.involvingUnit });
    if (filter.minLevel) query.andWhere('e.level >= :minLevel', { minLevel: filter.minLevel });
    if (filter.openOnly) query.andWhere('e.resolvedAt IS NULL');
    if (filter.directiveId) query.andWhere('e.directiveId = :directiveId', { directiveId: filter.directiveId });
    const [items, total] = await query
      .orderBy('a.deadline', 'ASC')
      .addOrderBy('e.level', 'DESC')
      .addOrderBy('e.firedAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(filter.limit ?? DEFAULT_PAGE_SIZE)
      .offset(filter.offset ?? 0)
      .getManyAndCount();
    return { items, total };
  }
}
