// Notification storm: `count` level-1 督办 at one instant (benchmark S5's 3,000 deadlines), routed by the
// worker's dispatchers to e-mail (a real Mailpit) and a signed webhook (a local receiver that checks every
// signature). Counts what arrived — one message per recipient, event and channel: 0 lost, 0 duplicated — and
// the p95 from the escalation to SMTP acceptance. `--outage S` stops Mailpit for S seconds as the storm begins.
// The escalation events are projected directly (no Temporal): S5 measures how they are produced.
//   node -r @swc-node/register bench/notification-storm.bench.ts [count] [--outage 30]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CalendarYearsRepository,
  EventProjector,
  InboxMessagesRepository,
  NotificationDeliveriesRepository,
  NotificationDeliveryEntity,
  NotificationsRepository,
  NotificationSubscriptionsRepository,
  openDatabase,
  UnitsRepository,
} from '@cascade/persistence';
import { WorkCalendarSource } from '@cascade/calendar';
import { createDeliveryChannels } from '../apps/worker/src/notifications/delivery-channels';
import { DeliveryDispatcher } from '../apps/worker/src/notifications/delivery-dispatcher.service';
import { NotificationDispatcher } from '../apps/worker/src/notifications/notification-dispatcher.service';
import { NotificationRouter } from '../apps/worker/src/notifications/notification-router';
import { loadNotificationSettings } from '../apps/worker/src/notifications/notification-settings';
import { verifyWebhook } from '../apps/worker/src/notifications/channels/webhook-notification.channel';
import { AssignmentStream, fixtureDirective } from '../libs/persistence/src/projection/event-fixtures';
import { startHttpReceiver } from '../test/support/http-receiver';
import { startMailpit } from '../test/support/mailpit-server';
import { type BenchResult, printTable } from './support/results';
import { percentile, sleep } from './support/stats';

/** Issuing units: each receives the 督办 of its share of the late counties. */
const ISSUERS = 30;
const SECRET = 'storm-secret';
/** Pause between dispatch rounds (the worker's poller waits 5 s; the storm keeps the dispatchers busy). */
const ROUND_PAUSE_MS = 100;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outageAt = args.indexOf('--outage');
  const outageSeconds = outageAt >= 0 ? Number(args[outageAt + 1]) : 0;
  const count = Number(args.find((arg, i) => /^\d+$/.test(arg) && (outageAt < 0 || i !== outageAt + 1)) ?? 3000);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-storm-'));
  const mailpit = await startMailpit();
  const receiver = await startHttpReceiver();
  receiver.answer = () => ({ status: 204, body: '' });
  const dataSource = await openDatabase({ type: 'sqlite', database: path.join(dir, 'cascade.db') });
  try {
    const issuers = Array.from({ length: ISSUERS }, (_, i) => `9${String(i).padStart(5, '0')}`);
    const counties = Array.from({ length: count }, (_, i) => `8${String(i).padStart(5, '0')}`);
    await new UnitsRepository(dataSource).upsertMany([
      { code: '900000', name: '风暴测试省', parentCode: null, level: 'province', path: '900000/' },
      ...issuers.map((code) => ({
        code,
        name: `风暴测试市${code}`,
        parentCode: '900000',
        level: 'city' as const,
        path: `900000/${code}/`,
      })),
    ]);
    const outbox = new NotificationsRepository(dataSource);
    const subscriptions = new NotificationSubscriptionsRepository(dataSource);
    const deliveries = new NotificationDeliveriesRepository(dataSource);
    for (const code of issuers) {
      const common = { unitCode: code, kinds: ['ESCALATION' as const], quietHours: false };
      await subscriptions.create({ ...common, channel: 'email', address: `duban-${code}@example.gov.cn` });
      await subscriptions.create({ ...common, channel: 'webhook', address: `${receiver.url}/${code}`, secret: SECRET });
    }
    const settings = {
      ...loadNotificationSettings({}),
      publicUrl: 'https://cascade.example.gov.cn',
      smtpUrl: `smtp://cascade:pw@127.0.0.1:${mailpit.smtpPort}`,
    };
    const router = new NotificationRouter(
      outbox,
      new InboxMessagesRepository(dataSource),
      subscriptions,
      deliveries,
      new WorkCalendarSource(new CalendarYearsRepository(dataSource)),
      settings,
    );
    const routing = new NotificationDispatcher(outbox, router);
    const sending = new DeliveryDispatcher(
      deliveries,
      outbox,
      subscriptions,
      createDeliveryChannels(settings),
      settings,
    );

    const stormAt = Date.now();
    const events = counties.map((code, i) => {
      const directive = fixtureDirective(`storm-${issuers[i % ISSUERS]}`, { issuerUnit: issuers[i % ISSUERS] });
      return new AssignmentStream(directive, code, `风暴测试县${code}`, stormAt - 86_400_000).emit(
        { type: 'ESCALATED', escalation: { level: 1, reason: 'OVERDUE', firedAt: stormAt, resolvedAt: null } },
        stormAt,
        { overdue: true, escalationLevel: 1 },
      );
    });
    console.log(
      `storm: ${count} 督办 to ${ISSUERS} units, e-mail + webhook${outageSeconds ? `, Mailpit down ${outageSeconds} s` : ''}`,
    );
    if (outageSeconds) await mailpit.stop();
    const started = performance.now();
    for (let i = 0; i < events.length; i += 500) await new EventProjector(dataSource).project(events.slice(i, i + 500));
    const restart = outageSeconds ? sleep(outageSeconds * 1000).then(() => mailpit.start()) : Promise.resolve();

    const expected = count * 2;
    const finishBy = Date.now() + 15 * 60_000;
    let sent = 0;
    while (Date.now() < finishBy) {
      await routing.dispatchPending(500);
      await sending.dispatchDue(500);
      sent = await dataSource.getRepository(NotificationDeliveryEntity).countBy({ status: 'SENT' });
      if (sent >= expected) break;
      await sleep(ROUND_PAUSE_MS);
    }
    await restart;
    const seconds = (performance.now() - started) / 1000;
    await sleep(2000);

    const mails = await mailpit.messages();
    const mailIds = new Set(mails.map((m) => m.MessageID));
    const hooks = receiver.received.filter((r) =>
      verifyWebhook(
        SECRET,
        r.headers['x-cascade-timestamp'] as string,
        r.body,
        r.headers['x-cascade-signature'] as string,
      ),
    );
    const hookIds = new Set(hooks.map((r) => `${r.url}|${(JSON.parse(r.body) as { id: string }).id}`));
    const emailRows = await dataSource
      .getRepository(NotificationDeliveryEntity)
      .findBy({ channel: 'email', status: 'SENT' });
    const latencies = emailRows.map((row) => (row.sentAt as number) - stormAt);
    const dead = await dataSource.getRepository(NotificationDeliveryEntity).countBy({ status: 'DEAD' });

    const results: BenchResult[] = [
      {
        id: 'N1-mail-lost',
        metric: `${count} 督办: e-mails missing in Mailpit`,
        value: count - mailIds.size,
        unit: 'count',
        target: '0',
        pass: mailIds.size === count,
      },
      {
        id: 'N1-mail-dup',
        metric: `${count} 督办: e-mails received twice`,
        value: mails.length - mailIds.size,
        unit: 'count',
        target: '0',
        pass: mails.length === mailIds.size,
      },
      {
        id: 'N1-hook-lost',
        metric: `${count} 督办: signed webhooks missing`,
        value: count - hookIds.size,
        unit: 'count',
        target: '0',
        pass: hookIds.size === count,
      },
      {
        id: 'N1-hook-dup',
        metric: `${count} 督办: webhooks received twice`,
        value: hooks.length - hookIds.size,
        unit: 'count',
        target: '0',
        pass: hooks.length === hookIds.size,
      },
      {
        id: 'N1-unsigned',
        metric: 'webhook requests failing the signature check',
        value: receiver.received.length - hooks.length,
        unit: 'count',
        target: '0',
        pass: receiver.received.length === hooks.length,
      },
      { id: 'N1-dead', metric: 'deliveries dead-lettered', value: dead, unit: 'count', target: '0', pass: dead === 0 },
      {
        id: 'N1-p95',
        metric: 'p95 from escalation to SMTP acceptance',
        value: latencies.length ? percentile(latencies, 95) / 1000 : NaN,
        unit: 's',
        target: null,
        pass: null,
      },
      {
        id: 'N1-total',
        metric: `all ${expected} deliveries sent`,
        value: seconds,
        unit: 's',
        target: null,
        pass: sent >= expected,
      },
    ];
    printTable(results);
    process.exitCode = results.some((r) => r.pass === false) ? 1 : 0;
  } finally {
    await dataSource.destroy();
    await receiver.close();
    await mailpit.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
