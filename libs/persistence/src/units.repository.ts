import { Injectable } from '@nestjs/common';
import { DataSource, In, type Repository } from 'typeorm';
import { LIKE_ESCAPE, likePrefix } from './columns';
import { UnitRelationEntity } from './entities/unit-relation.entity';
import { UnitEntity } from './entities/unit.entity';

/** A direct subordinate of a unit and whether it has subordinates of its own. */
export interface UnitChild {
  unit: UnitEntity;
  hasChildren: boolean;
}

/** Reads and writes 单位 rows; imports are upserts so they can be repeated. */
@Injectable()
export class UnitsRepository {
  private readonly units: Repository<UnitEntity>;
  private readonly relations: Repository<UnitRelationEntity>;

  constructor(dataSource: DataSource) {
    this.units = dataSource.getRepository(UnitEntity);
    this.relations = dataSource.getRepository(UnitRelationEntity);
  }

  /** Upserts declared relations (by unit and related unit: a repeated import changes only the kind). */
  async upsertRelations(relations: UnitRelationEntity[], chunkSize = 500): Promise<void> {
    for (let i = 0; i < relations.length; i += chunkSize) {
      await this.relations.upsert(relations.slice(i, i + chunkSize), ['unitCode', 'relatedCode']);
    }
  }

  /** The kinds of the relations `unitCode` declares with any of `relatedCodes`, by related code. */
  async relationsFrom(unitCode: string, relatedCodes: readonly string[]): Promise<Map<string, string>> {
    const rows = relatedCodes.length
      ? await this.relations.findBy({ unitCode, relatedCode: In([...new Set(relatedCodes)]) })
      : [];
    return new Map(rows.map((row) => [row.relatedCode, row.kind]));
  }

  async upsertMany(units: UnitEntity[], chunkSize = 500): Promise<void> {
    for (let i = 0; i < units.length; i += chunkSize) {
      await this.units.upsert(units.slice(i, i + chunkSize), ['code']);
    }
  }

  findByCode(code: string): Promise<UnitEntity | null> {
    return this.units.findOneBy({ code });
  }

  /** The registered units among `codes`, by code (unknown codes are left out). */
  async byCodes(codes: readonly string[]): Promise<Map<string, UnitEntity>> {
    const units = codes.length ? await this.units.findBy({ code: In([...new Set(codes)]) }) : [];
    return new Map(units.map((unit) => [unit.code, unit]));
  }

  /** The path of every registered unit, by code: where an import places new units. */
  async pathsByCode(): Promise<Map<string, string>> {
    const units = await this.units.find({ select: { code: true, path: true } });
    return new Map(units.map((unit) => [unit.code, unit.path]));
  }

  /** The direct subordinates of a unit, by code. */
  childrenOf(code: string): Promise<UnitEntity[]> {
    return this.units.find({ where: { parentCode: code }, order: { code: 'ASC' } });
  }

  /** The direct subordinates of a unit, each marked whether it has subordinates of its own. */
  async childrenWithDescent(code: string): Promise<UnitChild[]> {
    const children = await this.childrenOf(code);
    const parents = children.length
      ? await this.units
          .createQueryBuilder('u')
          .select('u.parentCode', 'parent')
          .where({ parentCode: In(children.map((child) => child.code)) })
          .groupBy('u.parentCode')
          .getRawMany<{ parent: string }>()
      : [];
    const withChildren = new Set(parents.map((row) => row.parent));
    return children.map((unit) => ({ unit, hasChildren: withChildren.has(unit.code) }));
  }

  /** How many administrative levels (members aside) lie below a unit. */
  async levelsBelow(unit: UnitEntity): Promise<number> {
    const rows = await this.units
      .createQueryBuilder('u')
      .select('DISTINCT u.level', 'level')
      .where(`u.path LIKE :prefix ${LIKE_ESCAPE} AND u.code <> :code`, {
        prefix: likePrefix(unit.path),
        code: unit.code,
      })
      .getRawMany<{ level: string }>();
    return rows.filter((row) => row.level !== 'member').length;
  }
}
