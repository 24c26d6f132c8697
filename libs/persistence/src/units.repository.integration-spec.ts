import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/support/databases';
import type { UnitEntity } from './entities/unit.entity';
import { CreateUnits1763856000000 } from './migrations/1763856000000-create-units';
import { openDatabase } from './open-database';
import { UnitsRepository } from './units.repository';

const units: UnitEntity[] = [
  { code: '000000', name: '民政部', parentCode: null, level: 'national', path: '000000/' },
  { code: '140000', name: '山西省民政厅', parentCode: '000000', level: 'province', path: '000000/140000/' },
  { code: '141000', name: '临汾市民政局', parentCode: '140000', level: 'city', path: '000000/140000/141000/' },
  { code: '141002', name: '尧都区民政局', parentCode: '141000', level: 'county', path: '000000/140000/141000/141002/' },
  { code: '140100', name: '太原市民政局', parentCode: '140000', level: 'city', path: '000000/140000/140100/' },
];

describe.each(databaseKinds())('units on %s (TypeORM round trip)', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let repository: UnitsRepository;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    repository = new UnitsRepository(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  it('stores units with Chinese names and reads them back', async () => {
    await repository.upsertMany(units);
    expect(await repository.findByCode('141000')).toEqual(units[2]);
    expect((await repository.pathsByCode()).size).toBe(units.length);
  });

  it('imports idempotently: a second upsert updates, never duplicates', async () => {
    await repository.upsertMany([{ ...units[3], name: '临汾市尧都区民政局' }]);
    expect((await repository.pathsByCode()).size).toBe(units.length);
    expect((await repository.findByCode('141002'))?.name).toBe('临汾市尧都区民政局');
  });

  it('looks units up by code, leaving unknown codes out', async () => {
    expect([...(await repository.byCodes(['141000', 'nope', '141000'])).keys()]).toEqual(['141000']);
    expect(await repository.byCodes([])).toEqual(new Map());
    expect((await repository.pathsByCode()).get('141002')).toBe('000000/140000/141000/141002/');
  });

  it('lists direct subordinates, marking those with subordinates of their own', async () => {
    expect((await repository.childrenWithDescent('140000')).map((c) => [c.unit.code, c.hasChildren])).toEqual([
      ['140100', false],
      ['141000', true],
    ]);
    expect((await repository.childrenOf('141000')).map((unit) => unit.code)).toEqual(['141002']);
    expect(await repository.childrenWithDescent('141002')).toEqual([]);
  });

  it('counts the administrative levels below a unit', async () => {
    expect(await repository.levelsBelow(units[0])).toBe(3);
    expect(await repository.levelsBelow(units[2])).toBe(1);
    expect(await repository.levelsBelow(units[3])).toBe(0);
  });

  it('migrates down cleanly', async () => {
    // The units migration itself, not "the last one": later migrations follow it.
    const migration = new CreateUnits1763856000000();
    const runner = dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await runner.hasTable('units')).toBe(false);
      await migration.up(runner);
      expect(await runner.hasTable('units')).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
