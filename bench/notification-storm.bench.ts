// Notification storm: `count` level-1 督办 at one instant (benchmark S5's 3,000 deadlines), routed by the
// worker's dispatchers to e-mail (a real Mailpit) and a signed webhook (a local receiver that checks every
// signature). Counts what arrived — one message per recipient, event and channel: 0 lost, 0 duplicated — and
// the p95 and max from the escalation (the event's time) to SMTP acceptance (Mailpit's Created) and to the
// webhook's receipt. `--outage S` stops Mailpit for S seconds as the storm begins.
// `--engine`: the storm comes from real deadlines — S5's set-up (bench/support/scenarios.ts) on a Temporal dev
// server, the cascade worker (WorkerModule: activities, notification poller, router, delivery dispatcher) sending
// as in production; the ministry, which issues S5's directives and so receives every 督办, is subscribed.
// `--setup S` sets how far ahead the common deadline lies (default from the count).
// Without `--engine` the escalation events are projected directly (no Temporal) for 30 issuing units and the
// dispatchers are run in a tight loop.
//   node -r @swc-node/register bench/notification-storm.bench.ts [count] [--engine [--setup S]] [--outage 30]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
import type { DataSource } from 'typeorm';
import { createDeliveryChannels } from '../apps/worker/src/notifications/delivery-channels';
import { DeliveryDispatcher } from '../apps/worker/src/notifications/delivery-dispatcher.service';
import { NotificationDispatcher } from '../apps/worker/src/notifications/notification-dispatcher.service';
import { NotificationRouter } from '../apps/worker/src/notifications/notification-router';
import { loadNotificationSettings } from '../apps/worker/src/notifications/notification-settings';
import { verifyWebhook } from '../apps/worker/src/notifications/channels/webhook-notification.channel';
import { AssignmentStream, fixtureDirective } from '../libs/persistence/src/projection/event-fixtures';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from '../test/support/http-receiver';
import { type MailpitMessageSummary, type MailpitServer, startMailpit } from '../test/support/mailpit-server';
import { type BenchResult, printTable } from './support/results';
import { runS5 } from './support/scenarios';
import { percentile, pollUntil, sleep } from './support/stats';
import { STORM_ISSUER, startStormEngine } from './support/storm-engine';

/** Issuing units of the projected storm: each receives the 督办 of its share of the late counties. */
const ISSUERS = 30;
const SECRET = 'storm-secret';
const PUBLIC_URL = 'https://cascade.example.gov.cn';
/** Pause between dispatch rounds of the projected storm (the worker's poller waits 5 s between idle rounds). */
const ROUND_PAUSE_MS = 100;
/** Everything must have arrived this long after the storm, outage included. */
const FINISH_WITHIN_MS = 15 * 60_000;

interface Options {
  count: number;
  outageSeconds: number;
  engine: boolean;
  setupSeconds: number | null;
}

function parseArgs(args: string[]): Options {
  const options: Options = { count: 3000, outageSeconds: 0, engine: false, setupSeconds: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--outage') options.outageSeconds = Number(args[++i]);
    else if (arg === '--setup') options.setupSeconds = Number(args[++i]);
    else if (arg === '--engine') options.engine = true;
    else if (/^\d+$/.test(arg)) options.count = Number(arg);
    else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

/** The storm's subscribers: every issuing unit by e-mail and by signed webhook, 督办 only, at any hour. */
async function subscribe(subscriptions: NotificationSubscriptionsRepository, units: string[], receiverUrl: string) {
  for (const code of units) {
    const common = { unitCode: code, kinds: ['ESCALATION' as const], quietHours: false };
    await subscriptions.create({ ...common, channel: 'email', address: `duban-${code}@example.gov.cn` });
    await subscriptions.create({ ...common, channel: 'webhook', address: `${receiverUrl}/${code}`, secret: SECRET });
  }
}

/** Deliveries the dispatcher has recorded as sent. */
function sentDeliveries(dataSource: DataSource): Promise<number> {
  return dataSource.getRepository(NotificationDeliveryEntity).countBy({ status: 'SENT' });
}

/** Stops Mailpit at `at` for `seconds`; resolves once it is back. */
async function outage(mailpit: MailpitServer, at: number, seconds: number): Promise<void> {
  if (!seconds) return;
  await sleep(Math.max(0, at - Date.now()));
  await mailpit.stop();
  console.log(`Mailpit stopped for ${seconds} s`);
  await sleep(seconds * 1000);
  await mailpit.start();
  console.log('Mailpit back');
}

/** What a storm runs against, and how it counts what arrived. */
interface Storm {
  options: Options;
  mailpit: MailpitServer;
  receiver: HttpReceiver;
  tally: (dataSource: DataSource, seconds: number, complete: boolean) => Promise<BenchResult[]>;
}

/** The projected storm: escalation events written straight into the read model, dispatchers run in a loop. */
async function projectedStorm({ options, mailpit, receiver, tally }: Storm): Promise<BenchResult[]> {
  const { count, outageSeconds } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-storm-'));
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
    await subscribe(subscriptions, issuers, receiver.url);
    const settings = {
      ...loadNotificationSettings({}),
      publicUrl: PUBLIC_URL,
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
      `projected storm: ${count} 督办 to ${ISSUERS} units, e-mail + webhook${outageSeconds ? `, Mailpit down ${outageSeconds} s` : ''}`,
    );
    const down = outage(mailpit, stormAt, outageSeconds);
    for (let i = 0; i < events.length; i += 500) await new EventProjector(dataSource).project(events.slice(i, i + 500));

    const expected = count * 2;
    let sent = 0;
    while (Date.now() < stormAt + FINISH_WITHIN_MS) {
      await routing.dispatchPending(500);
      await sending.dispatchDue(500);
      sent = await sentDeliveries(dataSource);
      if (sent >= expected) break;
      await sleep(ROUND_PAUSE_MS);
    }
    await down;
    return await tally(dataSource, (Date.now() - stormAt) / 1000, sent >= expected);
  } finally {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The storm of real deadlines: S5's set-up on the engine, the worker's own poller sending. */
async function engineStorm({ options, mailpit, receiver, tally }: Storm): Promise<BenchResult[]> {
  const { count, outageSeconds } = options;
  const engine = await startStormEngine({
    env: {
      CASCADE_SMTP_URL: `smtp://cascade:pw@127.0.0.1:${mailpit.smtpPort}`,
      CASCADE_PUBLIC_URL: PUBLIC_URL,
    },
    log: (line) => console.log(line),
  });
  try {
    await subscribe(engine.app.get(NotificationSubscriptionsRepository), [STORM_ISSUER], receiver.url);
    // Starting 1,000 children on one parent runs at some 20–40 a second on this machine: leave room.
    const setupSeconds = options.setupSeconds ?? Math.ceil(count / 15) + 30;
    const stormAt = Date.now() + setupSeconds * 1000;
    console.log(
      `engine storm: ${count} deadlines at ${new Date(stormAt).toISOString()} (in ${setupSeconds} s), 督办 to ${STORM_ISSUER} by e-mail + webhook${outageSeconds ? `, Mailpit down ${outageSeconds} s from then` : ''}`,
    );
    const down = outage(mailpit, stormAt, outageSeconds);
    const s5 = await runS5(
      engine.driver,
      engine.recipients,
      count,
      `storm${Date.now().toString(36)}`,
      setupSeconds,
      (line) => console.log(line),
    );
    console.log(
      `S5: every level-1 escalation recorded ${s5.seconds.toFixed(1)} s after the deadline; ${s5.lost} lost, ${s5.duplicated} duplicated`,
    );
    const done = await pollUntil(
      () => sentDeliveries(engine.dataSource),
      (sent) => sent >= count * 2,
      Math.max(0, stormAt + FINISH_WITHIN_MS - Date.now()),
      500,
    );
    await down;
    const results = await tally(engine.dataSource, (done.at - stormAt) / 1000, done.reached);
    return [
      {
        id: 'N1-setup',
        metric: 'all assignments delivered before the deadline',
        value: s5.setupOverran ? 0 : 1,
        unit: 'bool',
        target: '1',
        pass: !s5.setupOverran,
      },
      {
        id: 'N1-escalated',
        metric: `${count} level-1 escalations recorded after the deadline (S5)`,
        value: s5.seconds,
        unit: 's',
        target: null,
        pass: s5.lost === 0 && s5.duplicated === 0,
      },
      ...results,
    ];
  } finally {
    await engine.close();
  }
}

/** Notification id of a Mailpit message: the e-mail channel's Message-ID is `<base64url(id)@cascade>`. */
function notificationOfMail(messageId: string): string {
  return Buffer.from(messageId.replace(/^</, '').split('@')[0], 'base64url').toString('utf8');
}

/** Counts what arrived against `count` 督办 and measures the time from each escalation to its arrival. */
async function tallyArrivals(
  count: number,
  mailpit: MailpitServer,
  receiver: HttpReceiver,
  receivedAt: Map<ReceivedRequest, number>,
  dataSource: DataSource,
  seconds: number,
  complete: boolean,
): Promise<BenchResult[]> {
  // Late duplicates, if any, arrive before counting them.
  await sleep(2000);
  const rows: Array<{ id: string; at: number | string }> = await dataSource.query(
    `SELECT n.id AS id, e.occurred_at AS at FROM notifications n JOIN events e ON e.id = n.event_id WHERE n.kind = 'ESCALATION'`,
  );
  const escalatedAt = new Map(rows.map((row) => [row.id, Number(row.at)]));
  const mails = (await mailpit.messages()) as Array<MailpitMessageSummary & { Created: string }>;
  const mailIds = new Set(mails.map((m) => m.MessageID));
  const hooks = receiver.received.filter((r) =>
    verifyWebhook(
      SECRET,
      r.headers['x-cascade-timestamp'] as string,
      r.body,
      r.headers['x-cascade-signature'] as string,
      receivedAt.get(r),
    ),
  );
  const hookIds = new Set(hooks.map((r) => `${r.url}|${(JSON.parse(r.body) as { id: string }).id}`));
  const since = (id: string, at: number) => at - (escalatedAt.get(id) ?? Number.NaN);
  const mailLatencies = mails
    .map((m) => since(notificationOfMail(m.MessageID), Date.parse(m.Created)))
    .filter(Number.isFinite);
  const hookLatencies = hooks
    .map((r) => since((JSON.parse(r.body) as { id: string }).id, receivedAt.get(r) ?? Number.NaN))
    .filter(Number.isFinite);
  // Where the time goes, per delivery: the projection of the event, the outbox's routing, the sending.
  const stages: Array<{ occurred: string; recorded: string; routed: string; sent: string | null }> =
    await dataSource.query(
      `SELECT e.occurred_at AS occurred, e.recorded_at AS recorded, d.created_at AS routed, d.sent_at AS sent FROM notification_deliveries d JOIN events e ON e.id = d.event_id`,
    );
  const stage = (from: (row: (typeof stages)[number]) => string, to: (row: (typeof stages)[number]) => string | null) =>
    stages.map((row) => Number(to(row)) - Number(from(row))).filter((ms) => Number.isFinite(ms) && ms >= 0);
  const deliveries = dataSource.getRepository(NotificationDeliveryEntity);
  const dead = await deliveries.countBy({ status: 'DEAD' });
  const retried = await deliveries.createQueryBuilder('d').where('d.attempts > 1').getCount();
  const latency = (id: string, metric: string, values: number[], p: number): BenchResult => ({
    id,
    metric,
    value: values.length ? (p === 100 ? Math.max(...values) : percentile(values, p)) / 1000 : NaN,
    unit: 's',
    target: null,
    pass: null,
  });
  const exact = (id: string, metric: string, value: number): BenchResult => ({
    id,
    metric,
    value,
    unit: 'count',
    target: '0',
    pass: value === 0,
  });
  return [
    exact('N1-mail-lost', `${count} 督办: e-mails missing in Mailpit`, count - mailIds.size),
    exact('N1-mail-dup', `${count} 督办: e-mails received twice`, mails.length - mailIds.size),
    exact('N1-hook-lost', `${count} 督办: signed webhooks missing`, count - hookIds.size),
    exact('N1-hook-dup', `${count} 督办: webhooks received twice`, hooks.length - hookIds.size),
    exact('N1-unsigned', 'webhook requests failing the signature check', receiver.received.length - hooks.length),
    exact(
      'N1-unmatched',
      'arrivals matching no 督办 of the read model',
      mails.length + hooks.length - mailLatencies.length - hookLatencies.length,
    ),
    exact('N1-dead', 'deliveries dead-lettered', dead),
    {
      id: 'N1-retried',
      metric: 'deliveries sent after a failed attempt',
      value: retried,
      unit: 'count',
      target: null,
      pass: null,
    },
    latency('N1-mail-p95', 'p95 escalation → SMTP acceptance (Mailpit Created)', mailLatencies, 95),
    latency('N1-mail-max', 'max escalation → SMTP acceptance', mailLatencies, 100),
    latency('N1-hook-p95', 'p95 escalation → webhook received', hookLatencies, 95),
    latency('N1-hook-max', 'max escalation → webhook received', hookLatencies, 100),
    latency(
      'N1-stage-project',
      'p95 escalation → event projected (outbox row written)',
      stage(
        (r) => r.occurred,
        (r) => r.recorded,
      ),
      95,
    ),
    latency(
      'N1-stage-route',
      'p95 projected → routed to deliveries (poll wait + routing)',
      stage(
        (r) => r.recorded,
        (r) => r.routed,
      ),
      95,
    ),
    latency(
      'N1-stage-send',
      'p95 routed → sent (queue + channel)',
      stage(
        (r) => r.routed,
        (r) => r.sent,
      ),
      95,
    ),
    {
      id: 'N1-total',
      metric: `all ${count * 2} deliveries sent, after the storm`,
      value: seconds,
      unit: 's',
      target: null,
      pass: complete,
    },
  ];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const mailpit = await startMailpit();
  const receiver = await startHttpReceiver();
  const receivedAt = new Map<ReceivedRequest, number>();
  receiver.answer = (request) => {
    receivedAt.set(request, Date.now());
    return { status: 204, body: '' };
  };
  const tally = (dataSource: DataSource, seconds: number, complete: boolean) =>
    tallyArrivals(options.count, mailpit, receiver, receivedAt, dataSource, seconds, complete);
  try {
    const results = options.engine
      ? await engineStorm({ options, mailpit, receiver, tally })
      : await projectedStorm({ options, mailpit, receiver, tally });
    printTable(results);
    process.exitCode = results.some((r) => r.pass === false) ? 1 : 0;
  } finally {
    await receiver.close();
    await mailpit.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
