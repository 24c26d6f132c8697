import { Injectable } from '@nestjs/common';
import { DataSource, Like, type Repository } from 'typeorm';
import { UnitEntity } from './entities/unit.entity';

/** Reads and writes 单位 rows; imports are upserts so they can be repeated. */
@Injectable()
export class UnitsRepository {
  private readonly units: Repository<UnitEntity>;

  constructor(dataSource: DataSource) {
    this.units = dataSource.getRepository(UnitEntity);
  }

  async upsertMany(units: UnitEntity[], chunkSize = 500): Promise<void> {
    for (let i = 0; i < units.length; i += chunkSize) {
      await this.units.upsert(units.slice(i, i + chunkSize), ['code']);
    }
  }

  findByCode(code: string): Promise<UnitEntity | null> {
    return this.units.findOneBy({ code });
  }

  /** The unit and every unit below it, ordered by path. */
  async findSubtree(code: string): Promise<UnitEntity[]> {
    const root = await this.findByCode(code);
    if (!root) return [];
    return this.units.find({ where: { path: Like(`${root.path}%`) }, order: { path: 'ASC' } });
  }

  count(): Promise<number> {
    return this.units.count();
  }
}
