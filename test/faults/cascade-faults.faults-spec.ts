import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { workflowIds } from '@cascade/contracts';
import { placeUnits, type UnitSeed } from '@cascade/domain/units';
import { openDatabase, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { bundleWorkflows, freePort, type RunningDevServer, startDevServer } from '@cascade/temporal';
import { checkInvariants, cleanVerdict, invariantVerdict, type InvariantReport, mapLimit } from './support/invariants';
import {
  createPrivateMariadb,
  logContains,
  type Managed,
  type PrivateMariadb,
  ROOT,
  startCascadeProcess,
  waitFor,
} from './support/processes';

/**
 * Fault injection on Cascade running as separate processes: (a) kill -9 of the worker during a
 * fan-out, (b) the Temporal dev server stopped and restarted mid-cascade, (c) MariaDB stopped for
 * 30 s while reports flow through the API. After each the invariants of support/invariants.ts must
 * hold. Sizes: (a)'s fan-out is CASCADE_FAULT_UNITS leaf assignments (the issue's 3,000 for the
 * full run); (b) and (c) run a cascade of CASCADE_FAULT_CASCADE_UNITS (default the smaller of 999
 * and (a)'s size): the issue sizes only the fan-out, and their faults hit timers and requests, not
 * the breadth of the tree.
 */
const MIDS = ['990100', '990200', '990300'];
/** Leaves split evenly among the three cities (a size is rounded up to a multiple of 3). */
const evenly = (units: number) => MIDS.length * Math.ceil(units / MIDS.length);
const LEAVES = evenly(Number(process.env.CASCADE_FAULT_UNITS ?? 3000));
const CASCADE_LEAVES = evenly(Number(process.env.CASCADE_FAULT_CASCADE_UNITS ?? Math.min(LEAVES, 999)));
const ROOT_UNIT = '990000';
const OUTAGE_MS = Number(process.env.CASCADE_FAULT_DB_OUTAGE_MS ?? 30_000);
const DAY = 86_400_000;
const RESULTS = path.join(ROOT, 'test-results', 'faults');

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The first `leaves / 3` counties under a city (codes `{city}001`…). */
const leavesOf = (mid: string, leaves: number) =>
  Array.from({ length: leaves / MIDS.length }, (_, i) => `${mid}${String(i + 1).padStart(3, '0')}`);
const ALL_LEAVES = Math.max(LEAVES, CASCADE_LEAVES);
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

function syntheticUnits(): UnitSeed[] {
  return [
    { code: ROOT_UNIT, name: '故障演练省厅', parentCode: null, level: 'province' },
    ...MIDS.flatMap((mid, m) => [
      { code: mid, name: `故障演练市局${m + 1}`, parentCode: ROOT_UNIT, level: 'city' as const },
      ...leavesOf(mid, ALL_LEAVES).map((code, i) => ({
        code,
        name: `故障演练县局${m + 1}-${i + 1}`,
        parentCode: mid,
        level: 'county' as const,
      })),
    ]),
  ];
}

describe(`Cascade under faults (fan-out ${LEAVES}, cascades ${CASCADE_LEAVES})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-faults-'));
  const logDir = path.join(RESULTS, 'logs');
  let mariadb: PrivateMariadb;
  let databaseUrl: string;
  let db: DataSource;
  let devServer: RunningDevServer;
  let devServerPort: number;
  let connection: Connection;
  let client: Client;
  let apiPort: number;
  let api: Managed;
  const workers: Managed[] = [];
  const tokens = new Map<string, string>();
  const taskQueue = `faults-${randomUUID()}`;
  const suiteStarted = Date.now();
  const summary: Record<string, unknown> = {
    leaves: LEAVES,
    cascadeLeaves: CASCADE_LEAVES,
    startedAt: new Date().toISOString(),
    timeline: [],
  };
  let bundlePath: string;

  /** `work`, failing as soon as the API or a worker not killed on purpose dies instead of waiting out its timeout. */
  const unlessCrashed = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([work, api.crashed, ...workers.map((w) => w.crashed)]);

  /** Progress on stderr (Jest shows console output only at the end) and in the summary: where the time goes. */
  const mark = (what: string) => {
    const at = Math.round((Date.now() - suiteStarted) / 100) / 10;
    (summary.timeline as string[]).push(`${at}s ${what}`);
    process.stderr.write(`[faults +${at}s] ${what}\n`);
  };
  const writeSummary = () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, `summary-${LEAVES}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  };

  const env = (): NodeJS.ProcessEnv => ({
    TEMPORAL_ADDRESS: `127.0.0.1:${devServerPort}`,
    TEMPORAL_TASK_QUEUE: taskQueue,
    DATABASE_URL: databaseUrl,
    CASCADE_DATA_DIR: dir,
    CASCADE_DEMO: '0',
    CASCADE_WORKFLOW_BUNDLE: bundlePath,
    TEMPORAL_LOG_LEVEL: 'WARN',
  });
  const startWorker = () => {
    const worker = startCascadeProcess(`worker-${workers.length + 1}`, 'worker', env(), logDir);
    workers.push(worker);
    return worker;
  };
  const startDev = async () => {
    const log = path.join(logDir, 'dev-server.log');
    devServer = await startDevServer({
      dataDir: path.join(dir, 'temporal'),
      port: devServerPort,
      uiPort: null,
      extraArgs: DEV_SERVER_FLAGS,
      log: (line) => fs.appendFileSync(log, `${new Date().toISOString()} ${line}\n`),
    });
    if (devServer.address !== `127.0.0.1:${devServerPort}`)
      throw new Error(`the dev server came back on ${devServer.address}, not port ${devServerPort}`);
  };

  async function call(
    method: 'GET' | 'POST',
    route: string,
    unit: string,
    body?: unknown,
    key?: string,
  ): Promise<Reply> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${tokens.get(unit)}`,
      'Content-Type': 'application/json',
    };
    if (key) headers['Idempotency-Key'] = key;
    try {
      const response = await fetch(`http://127.0.0.1:${apiPort}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(300_000),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch (error) {
      return { status: 0, body: { message: String(error) } };
    }
  }

  /** A careful client: retries with the same Idempotency-Key on 5xx, network errors, 404 (not projected yet) and 409 "try again later". */
  async function reliablePost(
    route: string,
    unit: string,
    body: unknown,
    seen: Map<number, number>,
    timeoutMs = 540_000,
  ): Promise<Reply> {
    const key = randomUUID();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = await call('POST', route, unit, body, key);
      seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
      // 404 while the new assignment is not yet in the read model; 409 "try again" while the workflow finishes an earlier operation.
      const retry =
        reply.status === 0 ||
        reply.status >= 500 ||
        reply.status === 404 ||
        (reply.status === 409 && /仍在处理|稍后再试/.test(String(reply.body?.message)));
      if (!retry || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  const delivered = async (directiveIds: string[]) => {
    const rows: Array<{ n: number | string }> = await db.query(
      `SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (${directiveIds.map(() => '?').join(',')})`,
      directiveIds,
    );
    return Number(rows[0].n);
  };

  /**
   * Issues root → 3 cities; each city acknowledges and forwards to its counties (deadline
   * `leafDeadlineIn` ms after the forward). `forwards` is known at once; `done` settles when the
   * forward Updates have answered (after the fan-out).
   */
  function issueAndForward(
    tag: string,
    leaves: number,
    leafDeadlineIn: number,
    policy?: object,
  ): { forwards: string[]; done: Promise<string> } {
    const forwards = MIDS.map((mid) => `${tag}-${mid}`);
    return { forwards, done: issueAndForwardNow(tag, forwards, leaves, leafDeadlineIn, policy) };
  }

  async function issueAndForwardNow(
    tag: string,
    forwards: string[],
    leaves: number,
    leafDeadlineIn: number,
    policy?: object,
  ): Promise<string> {
    const seen = new Map<number, number>();
    const issued = await reliablePost(
      '/api/directives',
      ROOT_UNIT,
      {
        docNumber: `演练〔2026〕${tag}号`,
        title: `故障演练 ${tag}`,
        issuerUnit: ROOT_UNIT,
        recipients: MIDS,
        deadline: new Date(Date.now() + 40 * DAY).toISOString(),
      },
      seen,
    );
    expect(issued.status).toBe(201);
    const root = issued.body.id as string;
    await Promise.all(
      MIDS.map(async (mid, i) => {
        const a = workflowIds.assignment(root, mid);
        const ack = await reliablePost(`/api/assignments/${a}/acknowledge`, mid, {}, seen);
        expect(ack.status).toBe(200);
        const forward = await reliablePost(
          `/api/assignments/${a}/forward`,
          mid,
          {
            directiveId: forwards[i],
            docNumber: `演练〔2026〕${tag}-${i}号`,
            title: `转发 ${tag}`,
            recipients: leavesOf(mid, leaves),
            deadline: new Date(Date.now() + leafDeadlineIn).toISOString(),
            ...(policy ? { policy } : {}),
          },
          seen,
        );
        if (forward.status !== 200)
          throw new Error(`forward by ${mid}: ${forward.status} ${JSON.stringify(forward.body)}`);
      }),
    );
    mark(`${tag}: the three forwards answered`);
    return root;
  }

  /** The event log of the first assignments whose events do not match their workflow: what a failed run is read from. */
  async function eventsOfMismatches(report: InvariantReport): Promise<Record<string, unknown[]>> {
    const ids = [...new Set(report.eventMismatches.map((m) => m.slice(0, m.indexOf(': '))))].slice(0, 3);
    const out: Record<string, unknown[]> = {};
    for (const id of ids) {
      const rows: unknown[] = await db.query(
        'SELECT id, seq, type, occurred_at, recorded_at FROM events WHERE assignment_id = ? ORDER BY seq',
        [id],
      );
      // The workflow's own history beside it: which workflow tasks failed or timed out, where the markers are.
      const history = await client.workflow
        .getHandle(id)
        .fetchHistory()
        .catch((error: unknown) => ({ events: [], error: String(error) }));
      const types = (history.events ?? []).map(
        (e) =>
          `${String(e.eventId)}:${temporal.api.enums.v1.EventType[e.eventType ?? 0]}@${Number(e.eventTime?.seconds ?? 0)}`,
      );
      out[id] = [...rows, { history: types }];
    }
    return out;
  }

  /** Puts the invariant counts into the summary (before any expectation can fail) and checks them. */
  async function expectInvariants(name: string, report: InvariantReport, expectedAssignments: number): Promise<void> {
    if (report.eventMismatches.length) summary[`${name}EventLogs`] = await eventsOfMismatches(report);
    summary[name] = {
      ...report,
      statusMismatches: report.statusMismatches.length,
      escalationMismatches: report.escalationMismatches.length,
      eventMismatches: report.eventMismatches.length,
      seqGaps: report.seqGaps.length,
      examples: [
        ...report.statusMismatches,
        ...report.escalationMismatches,
        ...report.eventMismatches,
        ...report.seqGaps,
      ].slice(0, 10),
      ...(summary[name] as object),
    };
    expect(invariantVerdict(report)).toEqual(cleanVerdict(expectedAssignments));
  }

  beforeAll(async () => {
    fs.rmSync(logDir, { recursive: true, force: true });
    fs.mkdirSync(logDir, { recursive: true });
    // Side by side: MariaDB's install and start (other processes), webpack (this one) and the engine's start.
    const [privateDb, bundle] = await Promise.all([
      freePort(33_306).then((port) => createPrivateMariadb(dir, port, logDir)),
      bundleWorkflows(),
      freePort(17_233).then(async (port) => {
        devServerPort = port;
        await startDev();
      }),
    ]);
    mariadb = privateDb;
    mark('MariaDB, workflow bundle and dev server ready');
    bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    databaseUrl = mariadb.url('cascade_faults');
    db = await openDatabase({ type: 'mysql', url: databaseUrl });
    await new UnitsRepository(db).upsertMany(placeUnits(syntheticUnits()));
    mark('schema migrated, units stored');
    connection = await Connection.connect({ address: devServer.address });
    client = new Client({ connection });
    apiPort = await freePort(13_000);
    api = startCascadeProcess('api', 'api', { ...env(), PORT: String(apiPort) }, logDir);
    const worker = startWorker();
    // Tokens are made while the two processes boot.
    const repository = new TokensRepository(db);
    const units = [ROOT_UNIT, ...MIDS, ...MIDS.flatMap((mid) => leavesOf(mid, ALL_LEAVES))];
    await mapLimit(units, 8, async (unit) =>
      tokens.set(unit, (await repository.create({ unitCode: unit, role: 'clerk', name: 'faults' })).token),
    );
    mark(`${units.length} tokens made`);
    await Promise.all([
      waitFor(
        'API health',
        () => fetch(`http://127.0.0.1:${apiPort}/api/health`).then((r) => r.status),
        (s) => s === 200,
        120_000,
        100,
      ),
      logContains(worker.log, 'worker polling task queue', 120_000),
    ]);
    mark('API and worker up');
    summary.setupSeconds = Math.round((Date.now() - suiteStarted) / 1000);
  });

  afterEach(() => writeSummary());

  afterAll(async () => {
    summary.finishedAt = new Date().toISOString();
    summary.totalSeconds = Math.round((Date.now() - suiteStarted) / 1000);
    writeSummary();
    await api?.stop();
    for (const worker of workers) await worker.stop();
    await connection?.close();
    await devServer?.stop();
    if (db?.isInitialized) await db.destroy().catch(() => undefined);
    await mariadb?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('(a) kill -9 of the worker during the fan-out: a new worker finishes it, nothing lost or doubled', async () => {
    const started = Date.now();
    mark(`(a) fan-out of ${LEAVES}`);
    const { forwards, done } = issueAndForward('a', LEAVES, 30 * DAY);
    const killAt = Math.max(1, Math.floor(LEAVES * 0.2));
    const before = await unlessCrashed(
      waitFor(
        'fan-out under way',
        () => delivered(forwards),
        (n) => n >= killAt,
        300_000,
        200,
      ),
    );
    await workers[workers.length - 1].kill9();
    const atKill = await delivered(forwards);
    mark(`(a) worker killed at ${atKill}/${LEAVES} delivered`);
    startWorker();
    const root = await unlessCrashed(done);
    await unlessCrashed(
      waitFor(
        'fan-out complete',
        () => delivered(forwards),
        (n) => n === LEAVES,
        540_000,
        200,
      ),
    );
    const completed = Date.now();
    mark('(a) fan-out complete');
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    mark('(a) invariants checked');
    summary.a = {
      deliveredWhenKilled: atKill,
      deliveredWhenKillDecided: before,
      secondsToComplete: Math.round((completed - started) / 1000),
      secondsToCheck: Math.round((Date.now() - completed) / 1000),
    };
    await expectInvariants('a', report, LEAVES + MIDS.length);
    expect(atKill).toBeLessThan(LEAVES);
  });

  it('(b) the Temporal dev server stopped and restarted mid-cascade: timers, deliveries and escalations resume once each', async () => {
    const started = Date.now();
    mark(`(b) cascade of ${CASCADE_LEAVES}`);
    // No county reports: each escalates at its deadline (20 s after the forward), 5 s and 10 s later, the
    // engine being stopped around then; counties delivered after it escalate at once, each level once.
    const policy = { ackWithin: 'PT1H', remindBefore: [], ladder: ['PT0S', 'PT5S', 'PT10S'] };
    const { forwards, done } = issueAndForward('b', CASCADE_LEAVES, 20_000, policy);
    await unlessCrashed(
      waitFor(
        'fan-out under way',
        () => delivered(forwards),
        (n) => n >= Math.floor(CASCADE_LEAVES * 0.2),
        300_000,
        200,
      ),
    );
    const ackers = MIDS.flatMap((mid) => leavesOf(mid, CASCADE_LEAVES).slice(0, 5));
    const seen = new Map<number, number>();
    const acks = ackers.map((unit) =>
      reliablePost(
        `/api/assignments/${workflowIds.assignment(forwards[MIDS.indexOf(unit.slice(0, 6))], unit)}/acknowledge`,
        unit,
        {},
        seen,
      ),
    );
    // A county already in the read model (and not among the ackers) probes the API while the engine is down.
    const ackerIds = new Set(
      ackers.map((unit) => workflowIds.assignment(forwards[MIDS.indexOf(unit.slice(0, 6))], unit)),
    );
    const candidates: Array<{ id: string; unit_code: string }> = await db.query(
      'SELECT id, unit_code FROM assignments WHERE directive_id IN (?, ?, ?) ORDER BY id',
      forwards,
    );
    const probe = candidates.find((row) => !ackerIds.has(row.id)) as { id: string; unit_code: string };
    const atStop = await delivered(forwards);
    mark(`(b) stopping the dev server at ${atStop}/${CASCADE_LEAVES} delivered`);
    await devServer.stop();
    const down = Date.now();
    mark('(b) dev server stopped');
    // While the engine is down the API must say so (503), not fail (500).
    const whileDown = await call('POST', `/api/assignments/${probe.id}/acknowledge`, probe.unit_code, {});
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, down + 5_000 - Date.now())));
    mark('(b) starting the dev server again');
    await startDev();
    const downSeconds = (Date.now() - down) / 1000;
    mark('(b) dev server serving again');
    const ackReplies = await unlessCrashed(Promise.all(acks));
    const root = await unlessCrashed(done);
    await unlessCrashed(
      waitFor(
        'fan-out complete',
        () => delivered(forwards),
        (n) => n === CASCADE_LEAVES,
        540_000,
        200,
      ),
    );
    mark('(b) fan-out complete');
    await unlessCrashed(
      waitFor(
        'escalations fired',
        async () =>
          Number(
            (
              await db.query(
                'SELECT COUNT(*) AS n FROM escalations WHERE directive_id IN (?, ?, ?) AND level = 3',
                forwards,
              )
            )[0].n,
          ),
        (n) => n === CASCADE_LEAVES,
        300_000,
        200,
      ),
    );
    const escalated = Date.now();
    mark('(b) every county at level 3');
    const stillAlive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    mark('(b) invariants checked');
    summary.b = {
      deliveredWhenStopped: atStop,
      engineDownSeconds: downSeconds,
      apiStatusWhileEngineDown: whileDown.status,
      ackStatuses: Object.fromEntries(seen),
      workersAliveAfter: stillAlive,
      secondsToComplete: Math.round((escalated - started) / 1000),
      secondsToCheck: Math.round((Date.now() - escalated) / 1000),
    };
    await expectInvariants('b', report, CASCADE_LEAVES + MIDS.length);
    expect(whileDown.status).toBe(503);
    expect(ackReplies.map((r) => r.status)).toEqual(ackers.map(() => 200));
    // Three levels for every county (none reported), each recorded once.
    expect(report.escalations).toBe(3 * CASCADE_LEAVES);
  });

  it(`(c) MariaDB stopped for ${OUTAGE_MS / 1000} s while reports flow: 503s, no 500, every report recorded once`, async () => {
    const started = Date.now();
    mark(`(c) cascade of ${CASCADE_LEAVES}`);
    const { forwards, done } = issueAndForward('c', CASCADE_LEAVES, 30 * DAY);
    const root = await unlessCrashed(done);
    await unlessCrashed(
      waitFor(
        'fan-out complete',
        () => delivered(forwards),
        (n) => n === CASCADE_LEAVES,
        540_000,
        200,
      ),
    );
    mark('(c) fan-out complete');
    const reporters = MIDS.flatMap((mid) =>
      leavesOf(mid, CASCADE_LEAVES).slice(0, Math.max(5, Math.floor(CASCADE_LEAVES / MIDS.length / 5))),
    );
    const seen = new Map<number, number>();
    let stop = false;
    let firstReport: () => void = () => undefined;
    const reportsFlowing = new Promise<void>((resolve) => (firstReport = resolve));
    const outage = (async () => {
      // The database goes down once reports are flowing (the first one answered), not after a guessed delay.
      await Promise.race([reportsFlowing, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await mariadb.stop();
      const down = Date.now();
      mark('(c) MariaDB stopped');
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await mariadb.start();
      mark('(c) MariaDB serving again');
      return (Date.now() - down) / 1000;
    })();
    // Reports flow through the API before, during and after the outage: each county acknowledges, then reports.
    const flows = reporters.map(async (unit, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 10_000) / reporters.length));
      const a = workflowIds.assignment(forwards[MIDS.indexOf(unit.slice(0, 6))], unit);
      const ack = await reliablePost(`/api/assignments/${a}/acknowledge`, unit, {}, seen);
      const report = await reliablePost(`/api/assignments/${a}/report`, unit, { content: `${unit} 已完成` }, seen);
      if (report.status === 200) firstReport();
      return [ack.status, report.status];
    });
    // Reads keep being asked during the outage too: they must be 503 or 200, never 500.
    const reads = (async () => {
      while (!stop) {
        const reply = await call('GET', `/api/directives/${root}/tree`, ROOT_UNIT);
        seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
    const outageSeconds = await outage;
    const results = await unlessCrashed(Promise.all(flows));
    stop = true;
    await reads;
    mark('(c) every county answered');
    // Activities retried through the outage: the read model catches up with every report.
    const reported = await unlessCrashed(
      waitFor(
        'reports projected',
        async () =>
          Number(
            (
              await db.query('SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (?, ?, ?) AND status = ?', [
                ...forwards,
                'REPORTED',
              ])
            )[0].n,
          ),
        (n) => n === reporters.length,
        300_000,
        200,
      ),
    );
    const projected = Date.now();
    mark('(c) every report projected');
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    mark('(c) invariants checked');
    summary.c = {
      outageSeconds,
      reporters: reporters.length,
      statuses: Object.fromEntries(seen),
      reportedInReadModel: reported,
      secondsToComplete: Math.round((projected - started) / 1000),
      secondsToCheck: Math.round((Date.now() - projected) / 1000),
    };
    await expectInvariants('c', report, CASCADE_LEAVES + MIDS.length);
    expect(seen.get(500) ?? 0).toBe(0);
    expect(seen.get(503) ?? 0).toBeGreaterThan(0);
    expect(results).toEqual(reporters.map(() => [200, 200]));
  });
});
