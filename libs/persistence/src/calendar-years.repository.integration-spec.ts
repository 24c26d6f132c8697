import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/support/databases';
import { CalendarYearsRepository } from './calendar-years.repository';
import { openDatabase } from './open-database';

const draft2027 = { year: 2027, holidays: ['2027-01-01', '2027-02-08', '2027-02-09'], workdays: ['2027-02-06'] };
const official2027 = {
  year: 2027,
  holidays: ['2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10'],
  workdays: ['2027-02-06', '2027-02-20'],
};

describe.each(databaseKinds())('calendar years on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let years: CalendarYearsRepository;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    years = new CalendarYearsRepository(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  it('starts empty', async () => {
    expect(await years.all()).toEqual([]);
  });

  it('stores a year with its source and load time, and replaces it when the year is loaded again', async () => {
    expect(await years.upsert(draft2027, 'config/calendar/2027.json', 1_000)).toEqual({
      ...draft2027,
      source: 'config/calendar/2027.json',
      loadedAt: 1_000,
    });
    await years.upsert({ year: 2026, holidays: ['2026-01-01'], workdays: [] }, 'api:140000', 2_000);
    await years.upsert(official2027, 'api:000000', 3_000);

    expect(await years.all()).toEqual([
      { year: 2026, holidays: ['2026-01-01'], workdays: [], source: 'api:140000', loadedAt: 2_000 },
      { ...official2027, source: 'api:000000', loadedAt: 3_000 },
    ]);
  });
});
