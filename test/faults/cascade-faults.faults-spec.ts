import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, type RunningDevServer, startDevServer } from '@cascade/temporal';
import { Drill, DrillTree } from './support/drill';
import { waitFor } from './support/processes';

/**
 * Fault injection on Cascade running as separate processes: (a) kill -9 of the worker during a
 * fan-out, (b) the Temporal dev server stopped and restarted mid-cascade, (c) MariaDB stopped for
 * 30 s while reports flow through the API. After each the invariants of support/invariants.ts must
 * hold. Sizes: (a)'s fan-out is CASCADE_FAULT_UNITS leaf assignments (the 3,000 for the
 * full run); (b) and (c) run a cascade of CASCADE_FAULT_CASCADE_UNITS (default the smaller of 999
 * and (a)'s size): the issue sizes only the fan-out, and their faults hit timers and requests, not
 * the breadth of the tree.
 */
const tree = new DrillTree('990000', '故障演练');
const LEAVES = tree.evenly(Number(process.env.CASCADE_FAULT_UNITS ?? 3000));
const CASCADE_LEAVES = tree.evenly(Number(process.env.CASCADE_FAULT_CASCADE_UNITS ?? Math.min(LEAVES, 999)));
const OUTAGE_MS = Number(process.env.CASCADE_FAULT_DB_OUTAGE_MS ?? 30_000);
const DAY = 86_400_000;
// The dev server as the benchmarks run it (docs/benchmarks.md): WAL without fsync is safe across the process
// stops injected here (only an OS crash could lose data), and it is the biggest speed lever on this engine.
const DEV_SERVER_FLAGS = [
  '--sqlite-pragma',
  'journal_mode=wal',
  '--sqlite-pragma',
  'synchronous=off',
  ...['frontend.rps', 'frontend.namespaceRPS', 'history.rps', 'matching.rps'].flatMap((name) => [
    '--dynamic-config-value',
    `${name}=10000`,
  ]),
];

describe(`Cascade under faults (fan-out ${LEAVES}, cascades ${CASCADE_LEAVES})`, () => {
  const drill = new Drill({
    name: 'faults',
    tree,
    leaves: Math.max(LEAVES, CASCADE_LEAVES),
    summaryFile: `summary-${LEAVES}.json`,
    summary: { leaves: LEAVES, cascadeLeaves: CASCADE_LEAVES },
  });
  const { api, summary } = drill;
  const mark = (what: string) => drill.mark(what);
  let devServer: RunningDevServer;
  let devServerPort: number;
  const workers: ReturnType<Drill['launch']>[] = [];

  const startWorker = () => {
    const worker = drill.launch('worker', `worker-${workers.length + 1}`);
    workers.push(worker);
    return worker;
  };
  const startDev = async () => {
    const log = path.join(drill.logDir, 'dev-server.log');
    devServer = await startDevServer({
      dataDir: path.join(drill.dir, 'temporal'),
      port: devServerPort,
      uiPort: null,
      extraArgs: DEV_SERVER_FLAGS,
      log: (line) => fs.appendFileSync(log, `${new Date().toISOString()} ${line}\n`),
    });
    if (devServer.address !== `127.0.0.1:${devServerPort}`)
      throw new Error(`the dev server came back on ${devServer.address}, not port ${devServerPort}`);
    return devServer.address;
  };

  beforeAll(async () => {
    devServerPort = await freePort(17_233);
    await drill.prepare(await freePort(33_306), startDev);
    const apiPort = await freePort(13_000);
    drill.useApi(`http://127.0.0.1:${apiPort}`);
    drill.launch('api', 'api', { PORT: String(apiPort) });
    const worker = startWorker();
    await drill.makeTokens();
    await Promise.all([drill.healthy(`http://127.0.0.1:${apiPort}`), drill.polling(worker)]);
    mark('API and worker up');
    summary.setupSeconds = Math.round((Date.now() - Date.parse(summary.startedAt as string)) / 1000);
  });

  afterEach(() => drill.writeSummary());

  afterAll(() => drill.tearDown(() => devServer?.stop()));

  it('(a) kill -9 of the worker during the fan-out: a new worker finishes it, nothing lost or doubled', async () => {
    const started = Date.now();
    mark(`(a) fan-out of ${LEAVES}`);
    const { forwards, done } = drill.cascade('a', LEAVES, 30 * DAY);
    const before = await drill.underWay(forwards, LEAVES);
    await workers[workers.length - 1].kill9();
    const atKill = await drill.delivered(forwards);
    mark(`(a) worker killed at ${atKill}/${LEAVES} delivered`);
    startWorker();
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, LEAVES);
    const completed = Date.now();
    mark('(a) fan-out complete');
    const report = await drill.checkInvariants([root]);
    mark('(a) invariants checked');
    summary.a = {
      deliveredWhenKilled: atKill,
      deliveredWhenKillDecided: before,
      secondsToComplete: Math.round((completed - started) / 1000),
      secondsToCheck: Math.round((Date.now() - completed) / 1000),
    };
    await drill.expectInvariants('a', report, LEAVES + tree.mids.length);
    expect(atKill).toBeLessThan(LEAVES);
  });

  it('(b) the Temporal dev server stopped and restarted mid-cascade: timers, deliveries and escalations resume once each', async () => {
    const started = Date.now();
    mark(`(b) cascade of ${CASCADE_LEAVES}`);
    // No county reports: each escalates at its deadline (20 s after the forward), 5 s and 10 s later, the
    // engine being stopped around then; counties delivered after it escalate at once, each level once.
    const policy = { ackWithin: 'PT1H', remindBefore: [], ladder: ['PT0S', 'PT5S', 'PT10S'] };
    const { forwards, done } = drill.cascade('b', CASCADE_LEAVES, 20_000, policy);
    await drill.underWay(forwards, CASCADE_LEAVES);
    const ackers = tree.mids.flatMap((mid) => tree.leavesOf(mid, CASCADE_LEAVES).slice(0, 5));
    const acking = api.counting();
    const acks = ackers.map((unit) =>
      acking.write(`/api/assignments/${tree.leafAssignment(forwards, unit)}/acknowledge`, unit, {}),
    );
    // A county already in the read model (and not among the ackers) probes the API while the engine is down.
    const ackerIds = new Set(ackers.map((unit) => tree.leafAssignment(forwards, unit)));
    const candidates: Array<{ id: string; unit_code: string }> = await drill.db.query(
      'SELECT id, unit_code FROM assignments WHERE directive_id IN (?, ?, ?) ORDER BY id',
      forwards,
    );
    const probe = candidates.find((row) => !ackerIds.has(row.id)) as { id: string; unit_code: string };
    const atStop = await drill.delivered(forwards);
    mark(`(b) stopping the dev server at ${atStop}/${CASCADE_LEAVES} delivered`);
    await devServer.stop();
    const down = Date.now();
    mark('(b) dev server stopped');
    // While the engine is down the API must say so (503), not fail (500).
    const whileDown = await api.once('POST', `/api/assignments/${probe.id}/acknowledge`, probe.unit_code, {});
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, down + 5_000 - Date.now())));
    mark('(b) starting the dev server again');
    await startDev();
    const downSeconds = (Date.now() - down) / 1000;
    mark('(b) dev server serving again');
    const ackReplies = await drill.unlessCrashed(Promise.all(acks));
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, CASCADE_LEAVES);
    mark('(b) fan-out complete');
    await drill.escalatedTo(3, forwards, CASCADE_LEAVES);
    const escalated = Date.now();
    mark('(b) every county at level 3');
    const stillAlive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
    const report = await drill.checkInvariants([root]);
    mark('(b) invariants checked');
    summary.b = {
      deliveredWhenStopped: atStop,
      engineDownSeconds: downSeconds,
      apiStatusWhileEngineDown: whileDown.status,
      ackStatuses: Object.fromEntries(acking.statuses),
      workersAliveAfter: stillAlive,
      secondsToComplete: Math.round((escalated - started) / 1000),
      secondsToCheck: Math.round((Date.now() - escalated) / 1000),
    };
    await drill.expectInvariants('b', report, CASCADE_LEAVES + tree.mids.length);
    expect(whileDown.status).toBe(503);
    expect(ackReplies.map((r) => r.status)).toEqual(ackers.map(() => 200));
    // Three levels for every county (none reported), each recorded once.
    expect(report.escalations).toBe(3 * CASCADE_LEAVES);
  });

  it(`(c) MariaDB stopped for ${OUTAGE_MS / 1000} s while reports flow: 503s, no 500, every report recorded once`, async () => {
    const started = Date.now();
    mark(`(c) cascade of ${CASCADE_LEAVES}`);
    const { forwards, done } = drill.cascade('c', CASCADE_LEAVES, 30 * DAY);
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, CASCADE_LEAVES);
    mark('(c) fan-out complete');
    const reporters = tree.mids.flatMap((mid) =>
      tree.leavesOf(mid, CASCADE_LEAVES).slice(0, Math.max(5, Math.floor(CASCADE_LEAVES / tree.mids.length / 5))),
    );
    const during = api.counting();
    let stop = false;
    let firstReport: () => void = () => undefined;
    const reportsFlowing = new Promise<void>((resolve) => (firstReport = resolve));
    const outage = (async () => {
      // The database goes down once reports are flowing (the first one answered), not after a guessed delay.
      await Promise.race([reportsFlowing, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await drill.mariadb.stop();
      const down = Date.now();
      mark('(c) MariaDB stopped');
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await drill.mariadb.start();
      mark('(c) MariaDB serving again');
      return (Date.now() - down) / 1000;
    })();
    // Reports flow through the API before, during and after the outage: each county acknowledges, then reports.
    const flows = reporters.map(async (unit, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 10_000) / reporters.length));
      const a = tree.leafAssignment(forwards, unit);
      const ack = await during.write(`/api/assignments/${a}/acknowledge`, unit, {});
      const report = await during.write(`/api/assignments/${a}/report`, unit, { content: `${unit} 已完成` });
      if (report.status === 200) firstReport();
      return [ack.status, report.status];
    });
    // Reads keep being asked during the outage too: they must be 503 or 200, never 500.
    const reads = (async () => {
      while (!stop) {
        await during.once('GET', `/api/directives/${root}/tree`, tree.root);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const outageSeconds = await outage;
    const results = await drill.unlessCrashed(Promise.all(flows));
    stop = true;
    await reads;
    mark('(c) every county answered');
    // Activities retried through the outage: the read model catches up with every report.
    const reported = await drill.unlessCrashed(
      waitFor(
        'reports projected',
        () =>
          drill.count('SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (?, ?, ?) AND status = ?', [
            ...forwards,
            'REPORTED',
          ]),
        (n) => n === reporters.length,
        300_000,
        200,
      ),
    );
    const projected = Date.now();
    mark('(c) every report projected');
    const report = await drill.checkInvariants([root]);
    mark('(c) invariants checked');
    summary.c = {
      outageSeconds,
      reporters: reporters.length,
      statuses: Object.fromEntries(during.statuses),
      reportedInReadModel: reported,
      secondsToComplete: Math.round((projected - started) / 1000),
      secondsToCheck: Math.round((Date.now() - projected) / 1000),
    };
    await drill.expectInvariants('c', report, CASCADE_LEAVES + tree.mids.length);
    expect(during.statuses.get(500) ?? 0).toBe(0);
    expect(during.statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(results).toEqual(reporters.map(() => [200, 200]));
  });
});
