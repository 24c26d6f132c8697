import { WorkCalendarSource } from '@cascade/calendar';
import {
  CalendarYearsRepository,
  EventProjector,
  InboxMessagesRepository,
  NotificationDeliveriesRepository,
  NotificationsRepository,
  NotificationSubscriptionsRepository,
  openDatabase,
  UnitsRepository,
} from '@cascade/persistence';
import type { DataSource } from 'typeorm';
import {
  AssignmentStream,
  fixtureDirective,
  fixtureUnits,
  shanghai,
} from '../../../../libs/persistence/src/projection/event-fixtures';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../../test/support/databases';
import { type HttpReceiver, startHttpReceiver } from '../../../../test/support/http-receiver';
import { type MailpitServer, mailpitWanted, startMailpit } from '../../../../test/support/mailpit-server';
import { verifyWebhook } from './channels/webhook-notification.channel';
import { createDeliveryChannels } from './delivery-channels';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationRouter } from './notification-router';
import { loadNotificationSettings } from './notification-settings';

const SECRET = 'hook-secret';

/** The outbox routed into the 消息中心 and deliveries, sent to a real Mailpit and a local webhook receiver. */
describe.each(mailpitWanted() ? databaseKinds() : [])('notification deliveries on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let mailpit: MailpitServer;
  let receiver: HttpReceiver;
  let projector: EventProjector;
  let outbox: NotificationsRepository;
  let subscriptions: NotificationSubscriptionsRepository;
  let deliveries: NotificationDeliveriesRepository;
  let inbox: InboxMessagesRepository;
  let router: NotificationRouter;
  let routing: NotificationDispatcher;
  let sending: DeliveryDispatcher;

  async function deliver(directiveId: string, unitCodes: string[]): Promise<void> {
    const directive = fixtureDirective(directiveId);
    await projector.project(
      unitCodes.map((code) =>
        new AssignmentStream(directive, code, code, shanghai('2024-11-01 09:00')).emit(
          { type: 'ASSIGNMENT_DELIVERED' },
          shanghai('2024-11-01 09:00'),
        ),
      ),
    );
  }

  /** Routes and sends until nothing is pending (retries included), as the poller's rounds would. */
  async function drain(): Promise<void> {
    while ((await routing.dispatchPending(500)).sent > 0);
    const giveUpAt = Date.now() + 20_000;
    while ((await deliveries.list('PENDING', {})).total > 0 && Date.now() < giveUpAt) {
      await sending.dispatchDue(500);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The webhook requests whose signature and timestamp the receiver accepts, by notification id. */
  const verifiedHooks = () =>
    receiver.received
      .filter((r) =>
        verifyWebhook(
          SECRET,
          r.headers['x-cascade-timestamp'] as string,
          r.body,
          r.headers['x-cascade-signature'] as string,
        ),
      )
      .map((r) => (JSON.parse(r.body) as { id: string }).id);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    await new UnitsRepository(dataSource).upsertMany(fixtureUnits);
    mailpit = await startMailpit();
    receiver = await startHttpReceiver();
    projector = new EventProjector(dataSource);
    outbox = new NotificationsRepository(dataSource);
    subscriptions = new NotificationSubscriptionsRepository(dataSource);
    deliveries = new NotificationDeliveriesRepository(dataSource);
    inbox = new InboxMessagesRepository(dataSource);
    const settings = {
      ...loadNotificationSettings({}),
      publicUrl: 'https://cascade.example.gov.cn',
      smtpUrl: `smtp://cascade:pw@127.0.0.1:${mailpit.smtpPort}`,
    };
    router = new NotificationRouter(
      outbox,
      inbox,
      subscriptions,
      deliveries,
      new WorkCalendarSource(new CalendarYearsRepository(dataSource)),
      settings,
    );
    routing = new NotificationDispatcher(outbox, router);
    sending = new DeliveryDispatcher(deliveries, outbox, subscriptions, createDeliveryChannels(settings), settings);
    sending.policies = {
      email: { maxAttempts: 1000, baseMs: 500, maxMs: 2_000 },
      webhook: { maxAttempts: 2, baseMs: 10, maxMs: 10 },
    };
    await subscriptions.create({
      unitCode: '141000',
      channel: 'email',
      address: 'duban@linfen.example.gov.cn',
      kinds: ['DELIVERED', 'ESCALATION'],
      quietHours: false,
    });
    await subscriptions.create({
      unitCode: '141000',
      channel: 'webhook',
      address: `${receiver.url}/hook`,
      secret: SECRET,
      kinds: ['DELIVERED'],
      quietHours: false,
    });
    // Receives no 待签收: never delivered to.
    await subscriptions.create({
      unitCode: '140100',
      channel: 'email',
      address: 'taiyuan@example.gov.cn',
      kinds: ['REPORT_RETURNED'],
      quietHours: false,
    });
  });

  afterAll(async () => {
    await receiver?.close();
    await mailpit?.dispose();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  beforeEach(async () => {
    await mailpit.clear();
    receiver.received.length = 0;
    receiver.answer = () => ({ status: 204, body: '' });
  });

  it('writes every unit a 消息中心 message and sends each subscription exactly once, even when routed twice', async () => {
    await deliver('route-once', ['141000', '140100']);
    const [row] = await outbox.pending(10, 5);
    await drain();
    // A dispatcher that died after routing and before marking the row routes it again.
    await router.send({ ...(await outbox.byId(row.id))! });
    await drain();

    expect((await inbox.list({ unitCode: '141000', reader: 'test' })).items.map((m) => m.subject)).toEqual([
      expect.stringContaining('待签收'),
    ]);
    expect(await inbox.unreadCount({ unitCode: '140100', reader: 'test' })).toBe(1);
    const mails = await mailpit.messages();
    expect(mails.map((m) => m.To[0].Address)).toEqual(['duban@linfen.example.gov.cn']);
    const mail = await mailpit.message(mails[0].ID);
    expect(mail.Text).toContain('https://cascade.example.gov.cn/directives/route-once');
    expect(verifiedHooks()).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('lists a delivery that keeps failing as dead, and an admin retry sends it once', async () => {
    receiver.answer = () => ({ status: 500, body: 'down' });
    await deliver('dead-letter', ['141000']);
    await drain();

    const dead = await deliveries.list('DEAD', {});
    expect(dead.items).toEqual([
      expect.objectContaining({ channel: 'webhook', attempts: 2, lastError: expect.stringContaining('HTTP 500') }),
    ]);
    expect(await mailpit.messages()).toHaveLength(1);

    receiver.answer = () => ({ status: 204, body: '' });
    expect(await deliveries.retryDead([dead.items[0].id])).toBe(1);
    await drain();
    expect((await deliveries.list('DEAD', {})).total).toBe(0);
    // Two refused attempts, then the retried one: every one signed, all the same notification.
    expect(verifiedHooks()).toHaveLength(3);
    expect(new Set(verifiedHooks()).size).toBe(1);
  });

  it('delivers everything, none twice, after the SMTP server was down for 30 s', async () => {
    await mailpit.stop();
    const directives = Array.from({ length: 20 }, (_, i) => `outage-${i}`);
    for (const id of directives) await deliver(id, ['141000']);
    const downUntil = Date.now() + 30_000;
    while (Date.now() < downUntil) {
      await routing.dispatchPending(500);
      await sending.dispatchDue(500);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await mailpit.messages().catch(() => 'down')).toBe('down');
    expect(verifiedHooks()).toHaveLength(20);
    await mailpit.start();
    const settleBy = Date.now() + 20_000;
    while ((await mailpit.messages()).length < 20 && Date.now() < settleBy) {
      await sending.dispatchDue(500);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await drain();

    const mails = await mailpit.messages();
    expect(mails).toHaveLength(20);
    expect(new Set(mails.map((m) => m.MessageID)).size).toBe(20);
    // One 待签收 per directive: its subject names it.
    expect(new Set(mails.map((m) => m.Subject)).size).toBe(20);
    expect((await deliveries.list('PENDING', {})).total).toBe(0);
  }, 120_000);
});
