import { type DataSource, In } from 'typeorm';
import {
  EventProjector,
  NotificationEntity,
  NotificationsRepository,
  openDatabase,
  UnitsRepository,
} from '@cascade/persistence';
import {
  AssignmentStream,
  fixtureDirective,
  fixtureUnits,
  shanghai,
} from '../../../../libs/persistence/src/projection/event-fixtures';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../../test/support/databases';
import type { NotificationChannel } from './notification-channel';
import { MAX_NOTIFICATION_ATTEMPTS, NotificationDispatcher } from './notification-dispatcher.service';

/** Stands for an outside service (SMTP): records what it sent, or fails while `failing` is set. */
class FakeChannel implements NotificationChannel {
  readonly name = 'fake';
  readonly sent: NotificationEntity[] = [];
  failing: string | null = null;

  async send(notification: NotificationEntity): Promise<void> {
    if (this.failing) throw new Error(this.failing);
    this.sent.push(notification);
  }
}

describe.each(databaseKinds())('NotificationDispatcher on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let outbox: NotificationsRepository;
  let projector: EventProjector;

  /** Projects one delivery per unit: one outbox row each. */
  async function deliver(directiveId: string, unitCodes: string[]): Promise<string[]> {
    const directive = fixtureDirective(directiveId);
    const events = unitCodes.map((code) =>
      new AssignmentStream(directive, code, code, shanghai('2024-11-01 09:00')).emit(
        { type: 'ASSIGNMENT_DELIVERED' },
        shanghai('2024-11-01 09:00'),
      ),
    );
    await projector.project(events);
    return events.map((event) => `${event.id}>${event.snapshot.unitCode}`);
  }

  const rowsOf = (ids: string[]) => dataSource.getRepository(NotificationEntity).findBy({ id: In(ids) });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    await new UnitsRepository(dataSource).upsertMany(fixtureUnits);
    outbox = new NotificationsRepository(dataSource);
    projector = new EventProjector(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  it('sends every pending notification once, oldest first, and marks it sent by its channel', async () => {
    const ids = await deliver('dispatch-ok', ['141000', '140100', '141002']);
    const channel = new FakeChannel();
    const dispatcher = new NotificationDispatcher(outbox, channel);

    expect(await dispatcher.dispatchPending(2)).toEqual({ sent: 2, failed: 0 });
    expect(await dispatcher.dispatchPending(10)).toEqual({ sent: 1, failed: 0 });
    expect(await dispatcher.dispatchPending(10)).toEqual({ sent: 0, failed: 0 });

    expect(channel.sent.map((n) => n.id).sort()).toEqual([...ids].sort());
    expect(channel.sent[0].subject).toContain('待签收');
    for (const row of await rowsOf(ids)) {
      expect(row).toMatchObject({ channel: 'fake', attempts: 1, lastError: null });
      expect(row.sentAt).toEqual(expect.any(Number));
    }
  });

  it('keeps a failed notification pending with its error, counts attempts, and stops after the last one', async () => {
    const [id] = await deliver('dispatch-fail', ['141000']);
    const channel = new FakeChannel();
    channel.failing = 'connect ECONNREFUSED 10.0.0.25:25';
    const dispatcher = new NotificationDispatcher(outbox, channel);

    expect(await dispatcher.dispatchPending()).toEqual({ sent: 0, failed: 1 });
    expect((await rowsOf([id]))[0]).toMatchObject({
      sentAt: null,
      attempts: 1,
      channel: 'default',
      lastError: 'connect ECONNREFUSED 10.0.0.25:25',
    });

    channel.failing = null;
    expect(await dispatcher.dispatchPending()).toEqual({ sent: 1, failed: 0 });
    expect((await rowsOf([id]))[0]).toMatchObject({ attempts: 2, channel: 'fake', lastError: null });

    const [stubborn] = await deliver('dispatch-give-up', ['140100']);
    channel.failing = '550 mailbox unavailable';
    for (let i = 0; i < MAX_NOTIFICATION_ATTEMPTS + 2; i += 1) await dispatcher.dispatchPending();
    expect((await rowsOf([stubborn]))[0]).toMatchObject({
      sentAt: null,
      attempts: MAX_NOTIFICATION_ATTEMPTS,
      lastError: '550 mailbox unavailable',
    });
  });

  it('lets two dispatchers share the outbox without sending anything twice', async () => {
    const ids = await deliver('dispatch-race', ['141000', '140100', '141002', '140000']);
    const first = new FakeChannel();
    const second = new FakeChannel();
    await Promise.all([
      new NotificationDispatcher(outbox, first).dispatchPending(),
      new NotificationDispatcher(outbox, second).dispatchPending(),
    ]);
    const sent = [...first.sent, ...second.sent].map((n) => n.id).filter((id) => ids.includes(id));
    expect(sent.sort()).toEqual([...ids].sort());
  });
});
