import type { DataSource } from 'typeorm';
import { AssignmentsRepository, EventProjector, EventsRepository, openDatabase } from '@cascade/persistence';
import {
  AssignmentStream,
  DirectiveStream,
  fixtureDirective,
  shanghai,
} from '../../../../libs/persistence/src/projection/event-fixtures';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../../test/support/databases';
import { ProjectionActivities } from './record-events.activity';

describe.each(databaseKinds())('recordEvents activity on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  it('projects a batch, and a retry of the same batch (Temporal retries activities) changes nothing', async () => {
    const directive = fixtureDirective('activity-1');
    const unit = new AssignmentStream(directive, '141000', '临汾市民政局', shanghai('2024-11-01 09:00'));
    const batch = [
      new DirectiveStream(directive).issued(),
      unit.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00')),
      unit.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 10:00'), { status: 'ACKNOWLEDGED' }),
    ];
    const activities = new ProjectionActivities(new EventProjector(dataSource));
    await activities.recordEvents(batch);
    await activities.recordEvents(batch);

    expect((await new EventsRepository(dataSource).byDirectives(['activity-1'])).map((e) => e.id)).toEqual(
      batch.map((e) => e.id),
    );
    expect(await new AssignmentsRepository(dataSource).findById(unit.id)).toMatchObject({
      status: 'ACKNOWLEDGED',
      lastSeq: 2,
    });
  });
});
