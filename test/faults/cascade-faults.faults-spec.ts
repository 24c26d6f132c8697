import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { workflowIds } from '@cascade/contracts';
import { placeUnits, type UnitSeed } from '@cascade/domain/units';
import { openDatabase, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { bundleWorkflows, freePort, type RunningDevServer, startDevServer } from '@cascade/temporal';
import { checkInvariants, type InvariantReport } from './support/invariants';
import { createPrivateMariadb, type Managed, type PrivateMariadb, ROOT, startCascadeProcess, waitFor } from './support/processes';

/**
 * Fault injection on Cascade running as separate processes: (a) kill -9 of the worker during a
 * fan-out, (b) the Temporal dev server stopped and restarted mid-cascade, (c) MariaDB stopped for
 * 30 s while reports flow through the API. After each the invariants of support/invariants.ts must
 * hold. Size: CASCADE_FAULT_UNITS leaf assignments (default 300 in CI; 3000 for the full run).
 */
const LEAVES = Number(process.env.CASCADE_FAULT_UNITS ?? 300);
const MIDS = ['990100', '990200', '990300'];
const ROOT_UNIT = '990000';
const OUTAGE_MS = Number(process.env.CASCADE_FAULT_DB_OUTAGE_MS ?? 30_000);
const DAY = 86_400_000;
const RESULTS = path.join(ROOT, 'test-results', 'faults');

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const leavesOf = (mid: string) => Array.from({ length: Math.ceil(LEAVES / MIDS.length) }, (_, i) => `${mid}${String(i + 1).padStart(3, '0')}`);

function syntheticUnits(): UnitSeed[] {
  return [
    { code: ROOT_UNIT, name: '故障演练省厅', parentCode: null, level: 'province' },
    ...MIDS.flatMap((mid, m) => [
      { code: mid, name: `故障演练市局${m + 1}`, parentCode: ROOT_UNIT, level: 'city' as const },
      ...leavesOf(mid).map((code, i) => ({ code, name: `故障演练县局${m + 1}-${i + 1}`, parentCode: mid, level: 'county' as const })),
    ]),
  ];
}

describe(`Cascade under faults (${LEAVES} leaf assignments)`, () => {
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
  const summary: Record<string, unknown> = { leaves: LEAVES, startedAt: new Date().toISOString() };
  let bundlePath: string;

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
    devServer = await startDevServer({ dataDir: path.join(dir, 'temporal'), port: devServerPort, uiPort: null, extraArgs: ['--dynamic-config-value', 'frontend.rps=10000', '--dynamic-config-value', 'history.rps=10000', '--dynamic-config-value', 'matching.rps=10000'] });
    if (devServer.address !== `127.0.0.1:${devServerPort}`) throw new Error(`the dev server came back on ${devServer.address}, not port ${devServerPort}`);
  };

  async function call(method: 'GET' | 'POST', route: string, unit: string, body?: unknown, key?: string): Promise<Reply> {
    const headers: Record<string, string> = { Authorization: `Bearer ${tokens.get(unit)}`, 'Content-Type': 'application/json' };
    if (key) headers['Idempotency-Key'] = key;
    try {
      const response = await fetch(`http://127.0.0.1:${apiPort}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(300_000) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch (error) {
      return { status: 0, body: { message: String(error) } };
    }
  }

  /** A careful client: retries with the same Idempotency-Key on 5xx, network errors, 404 (not projected yet) and 409 "try again later". */
  async function reliablePost(route: string, unit: string, body: unknown, seen: Map<number, number>, timeoutMs = 540_000): Promise<Reply> {
    const key = randomUUID();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = await call('POST', route, unit, body, key);
      seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1);
      // 404 while the new assignment is not yet in the read model; 409 "try again" while the workflow finishes an earlier operation.
      const retry = reply.status === 0 || reply.status >= 500 || reply.status === 404 || (reply.status === 409 && /仍在处理|稍后再试/.test(String(reply.body?.message)));
      if (!retry || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  const delivered = async (directiveIds: string[]) => {
    const rows: Array<{ n: number | string }> = await db.query(`SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (${directiveIds.map(() => '?').join(',')})`, directiveIds);
    return Number(rows[0].n);
  };

  /**
   * Issues root → 3 cities; each city acknowledges and forwards to its counties (deadline
   * `leafDeadlineIn` ms after the forward). `forwards` is known at once; `done` settles when the
   * forward Updates have answered (after the fan-out).
   */
  function issueAndForward(tag: string, leafDeadlineIn: number, policy?: object): { forwards: string[]; done: Promise<string> } {
    const forwards = MIDS.map((mid) => `${tag}-${mid}`);
    return { forwards, done: issueAndForwardNow(tag, forwards, leafDeadlineIn, policy) };
  }

  async function issueAndForwardNow(tag: string, forwards: string[], leafDeadlineIn: number, policy?: object): Promise<string> {
    const seen = new Map<number, number>();
    const issued = await reliablePost('/api/directives', ROOT_UNIT, { docNumber: `演练〔2026〕${tag}号`, title: `故障演练 ${tag}`, issuerUnit: ROOT_UNIT, recipients: MIDS, deadline: new Date(Date.now() + 40 * DAY).toISOString() }, seen);
    expect(issued.status).toBe(201);
    const root = issued.body.id as string;
    await Promise.all(
      MIDS.map(async (mid, i) => {
        const a = workflowIds.assignment(root, mid);
        const ack = await reliablePost(`/api/assignments/${a}/acknowledge`, mid, {}, seen);
        expect(ack.status).toBe(200);
        const forward = await reliablePost(`/api/assignments/${a}/forward`, mid, { directiveId: forwards[i], docNumber: `演练〔2026〕${tag}-${i}号`, title: `转发 ${tag}`, recipients: leavesOf(mid), deadline: new Date(Date.now() + leafDeadlineIn).toISOString(), ...(policy ? { policy } : {}) }, seen);
        if (forward.status !== 200) throw new Error(`forward by ${mid}: ${forward.status} ${JSON.stringify(forward.body)}`);
      }),
    );
    return root;
  }

  function expectInvariants(name: string, report: InvariantReport, expectedAssignments: number): void {
    summary[name] = { ...report, statusMismatches: report.statusMismatches.length, escalationMismatches: report.escalationMismatches.length, eventMismatches: report.eventMismatches.length, seqGaps: report.seqGaps.length, examples: [...report.statusMismatches, ...report.escalationMismatches, ...report.eventMismatches, ...report.seqGaps].slice(0, 10), ...(summary[name] as object) };
    expect({ assignments: report.assignments, statusMismatches: report.statusMismatches.slice(0, 5), duplicateEscalations: report.duplicateEscalations, escalationMismatches: report.escalationMismatches.slice(0, 5), eventMismatches: report.eventMismatches.slice(0, 5), seqGaps: report.seqGaps.slice(0, 5) }).toEqual({
      assignments: expectedAssignments,
      statusMismatches: [],
      duplicateEscalations: 0,
      escalationMismatches: [],
      eventMismatches: [],
      seqGaps: [],
    });
  }

  beforeAll(async () => {
    fs.mkdirSync(logDir, { recursive: true });
    const started = Date.now();
    mariadb = await createPrivateMariadb(dir, await freePort(33_306), logDir);
    databaseUrl = mariadb.url('cascade_faults');
    db = await openDatabase({ type: 'mysql', url: databaseUrl });
    await new UnitsRepository(db).upsertMany(placeUnits(syntheticUnits()));
    const repository = new TokensRepository(db);
    for (const unit of [ROOT_UNIT, ...MIDS, ...MIDS.flatMap(leavesOf)]) tokens.set(unit, (await repository.create({ unitCode: unit, role: 'clerk', name: 'faults' })).token);
    bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, (await bundleWorkflows()).code);
    devServerPort = await freePort(17_233);
    await startDev();
    connection = await Connection.connect({ address: devServer.address });
    client = new Client({ connection });
    apiPort = await freePort(13_000);
    api = startCascadeProcess('api', 'api', { ...env(), PORT: String(apiPort) }, logDir);
    startWorker();
    await waitFor('API health', () => fetch(`http://127.0.0.1:${apiPort}/api/health`).then((r) => r.status), (s) => s === 200, 120_000);
    summary.setupSeconds = Math.round((Date.now() - started) / 1000);
  });

  afterAll(async () => {
    summary.finishedAt = new Date().toISOString();
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, `summary-${LEAVES}.json`), `${JSON.stringify(summary, null, 2)}\n`);
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
    const { forwards, done } = issueAndForward('a', 30 * DAY);
    const killAt = Math.max(1, Math.floor(LEAVES * 0.2));
    const before = await waitFor('fan-out under way', () => delivered(forwards), (n) => n >= killAt, 300_000, 200);
    await workers[workers.length - 1].kill9();
    const atKill = await delivered(forwards);
    startWorker();
    const root = await done;
    await waitFor('fan-out complete', () => delivered(forwards), (n) => n === LEAVES, 540_000);
    summary.a = { deliveredWhenKilled: atKill, deliveredWhenKillDecided: before, secondsToComplete: Math.round((Date.now() - started) / 1000) };
    expect(atKill).toBeLessThan(LEAVES);
    expectInvariants('a', await checkInvariants(client, db, [root]), LEAVES + MIDS.length);
  });

  it('(b) the Temporal dev server stopped and restarted mid-cascade: timers, deliveries and escalations resume once each', async () => {
    const started = Date.now();
    // Counties that never acknowledge escalate about a minute after the deadline: timers that fall around the restart.
    const policy = { ackWithin: 'PT1H', remindBefore: [], ladder: ['PT0S', 'PT15S', 'PT30S'] };
    const { forwards, done } = issueAndForward('b', 90_000, policy);
    await waitFor('fan-out under way', () => delivered(forwards), (n) => n >= Math.floor(LEAVES * 0.2), 300_000, 200);
    const ackers = MIDS.flatMap((mid) => leavesOf(mid).slice(0, 5));
    const seen = new Map<number, number>();
    const acks = ackers.map((unit) => reliablePost(`/api/assignments/${workflowIds.assignment(forwards[MIDS.indexOf(unit.slice(0, 6))], unit)}/acknowledge`, unit, {}, seen));
    await devServer.stop();
    const down = Date.now();
    // While the engine is down the API must say so (503), not fail (500).
    const probe = leavesOf(MIDS[0])[leavesOf(MIDS[0]).length - 1];
    const whileDown = await call('POST', `/api/assignments/${workflowIds.assignment(forwards[0], probe)}/acknowledge`, probe, {});
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await startDev();
    const downSeconds = (Date.now() - down) / 1000;
    const ackReplies = await Promise.all(acks);
    const root = await done;
    await waitFor('fan-out complete', () => delivered(forwards), (n) => n === LEAVES, 540_000);
    const stillAlive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
    summary.b = { engineDownSeconds: downSeconds, apiStatusWhileEngineDown: whileDown.status, ackStatuses: Object.fromEntries(seen), workersAliveAfter: stillAlive, secondsToComplete: Math.round((Date.now() - started) / 1000) };
    // No county reports, so every one reaches level 3 at deadline + 30 s, each level exactly once.
    await waitFor('escalations fired', async () => Number((await db.query('SELECT COUNT(*) AS n FROM escalations WHERE directive_id IN (?, ?, ?) AND level = 3', forwards))[0].n), (n) => n === LEAVES, 300_000, 1000);
    expect(whileDown.status).toBe(503);
    expect(ackReplies.map((r) => r.status)).toEqual(ackers.map(() => 200));
    expectInvariants('b', await checkInvariants(client, db, [root]), LEAVES + MIDS.length);
  });

  it(`(c) MariaDB stopped for ${OUTAGE_MS / 1000} s while reports flow: 503s, no 500, every report recorded once`, async () => {
    const started = Date.now();
    const { forwards, done } = issueAndForward('c', 30 * DAY);
    const root = await done;
    await waitFor('fan-out complete', () => delivered(forwards), (n) => n === LEAVES, 540_000);
    const reporters = MIDS.flatMap((mid) => leavesOf(mid).slice(0, Math.max(5, Math.floor(LEAVES / MIDS.length / 5))));
    const seen = new Map<number, number>();
    let stop = false;
    const outage = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await mariadb.stop();
      const down = Date.now();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await mariadb.start();
      return (Date.now() - down) / 1000;
    })();
    // Reports flow through the API before, during and after the outage: each county acknowledges, then reports.
    const flows = reporters.map(async (unit, i) => {
      await new Promise((resolve) => setTimeout(resolve, (i * 10_000) / reporters.length));
      const a = workflowIds.assignment(forwards[MIDS.indexOf(unit.slice(0, 6))], unit);
      const ack = await reliablePost(`/api/assignments/${a}/acknowledge`, unit, {}, seen);
      const report = await reliablePost(`/api/assignments/${a}/report`, unit, { content: `${unit} 已完成` }, seen);
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
    const results = await Promise.all(flows);
    stop = true;
    await reads;
    // Activities retried through the outage: the read model catches up with every report.
    const reported = await waitFor(
      'reports projected',
      async () => Number((await db.query('SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (?, ?, ?) AND status = ?', [...forwards, 'REPORTED']))[0].n),
      (n) => n === reporters.length,
      300_000,
      1000,
    );
    summary.c = { outageSeconds, reporters: reporters.length, statuses: Object.fromEntries(seen), reportedInReadModel: reported, secondsToComplete: Math.round((Date.now() - started) / 1000) };
    expect(seen.get(500) ?? 0).toBe(0);
    expect(seen.get(503) ?? 0).toBeGreaterThan(0);
    expect(results).toEqual(reporters.map(() => [200, 200]));
    expectInvariants('c', await checkInvariants(client, db, [root]), LEAVES + MIDS.length);
  });
});
