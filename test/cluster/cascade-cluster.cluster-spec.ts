import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { workflowIds } from '@cascade/contracts';
import { placeUnits, type UnitSeed } from '@cascade/domain/units';
import { openDatabase, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { bundleWorkflows, freePort } from '@cascade/temporal';
import {
  checkInvariants,
  cleanVerdict,
  invariantVerdict,
  type InvariantReport,
  mapLimit,
} from '../faults/support/invariants';
import {
  createPrivateMariadb,
  logContains,
  type Managed,
  type PrivateMariadb,
  ROOT,
  startCascadeProcess,
  waitFor,
} from '../faults/support/processes';
import { BalancedApi } from './support/balanced-api';
import { type ClusterPlacement, clusterScript, freePortRange } from './support/cluster';

/**
 * Cascade on the production topology (docs/cluster.md): a Temporal cluster on PostgreSQL with its four
 * services as separate processes, two workers, two APIs behind HAProxy, the read model on MariaDB. A
 * cascade runs through the balancer, then one fault each: kill -9 of one worker mid fan-out, kill -9 of
 * one API under writes, a restart of the history service mid-cascade, PostgreSQL down for 30 s. After
 * each, test/faults' invariants hold: every assignment's read model matches its workflow, each
 * transition recorded once. Sizes: CASCADE_CLUSTER_UNITS leaves per fan-out (default 300).
 */
const MIDS = ['980100', '980200', '980300'];
const ROOT_UNIT = '980000';
const LEAVES = MIDS.length * Math.ceil(Number(process.env.CASCADE_CLUSTER_UNITS ?? 300) / MIDS.length);
const SHARDS = Number(process.env.CASCADE_CLUSTER_SHARDS ?? 16);
const PG_OUTAGE_MS = Number(process.env.CASCADE_CLUSTER_PG_OUTAGE_MS ?? 30_000);
const DAY = 86_400_000;
const RESULTS = path.join(ROOT, 'test-results', 'cluster');

const leavesOf = (mid: string) =>
  Array.from({ length: LEAVES / MIDS.length }, (_, i) => `${mid}${String(i + 1).padStart(3, '0')}`);
const cityOf = (leaf: string) => MIDS.indexOf(leaf.slice(0, 6));

function units(): UnitSeed[] {
  return [
    { code: ROOT_UNIT, name: '集群演练省厅', parentCode: null, level: 'province' },
    ...MIDS.flatMap((mid, m) => [
      { code: mid, name: `集群演练市局${m + 1}`, parentCode: ROOT_UNIT, level: 'city' as const },
      ...leavesOf(mid).map((code, i) => ({
        code,
        name: `集群演练县局${m + 1}-${i + 1}`,
        parentCode: mid,
        level: 'county' as const,
      })),
    ]),
  ];
}

describe(`Cascade on the production topology (${SHARDS} history shards, fan-outs of ${LEAVES})`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cluster-'));
  const logDir = path.join(RESULTS, 'logs');
  const scriptLog = path.join(logDir, 'scripts.log');
  let placement: ClusterPlacement;
  let mariadb: PrivateMariadb;
  let databaseUrl: string;
  let db: DataSource;
  let connection: Connection;
  let client: Client;
  let bundlePath: string;
  let balancerPort: number;
  let apiPorts: number[];
  const apis: Managed[] = [];
  const workers: Managed[] = [];
  const tokens = new Map<string, string>();
  const api = new BalancedApi(() => `http://127.0.0.1:${balancerPort}`, tokens);
  const taskQueue = `cluster-${randomUUID()}`;
  const suiteStarted = Date.now();
  const summary: Record<string, unknown> = { leaves: LEAVES, shards: SHARDS, timeline: [] };

  const mark = (what: string) => {
    const at = Math.round((Date.now() - suiteStarted) / 100) / 10;
    (summary.timeline as string[]).push(`${at}s ${what}`);
    process.stderr.write(`[cluster +${at}s] ${what}\n`);
  };
  const writeSummary = () => {
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  };
  const script = (name: string, ...args: string[]) => clusterScript(placement, name, args, scriptLog);
  const alive = (m: Managed) => m.child.exitCode === null && m.child.signalCode === null;
  /** `work`, failing at once when an app process not stopped on purpose dies. */
  const unlessCrashed = <T>(work: Promise<T>): Promise<T> =>
    Promise.race([work, ...[...apis, ...workers].filter(alive).map((m) => m.crashed)]);

  /** A Cascade app on this cluster, its own task queue and the private MariaDB. */
  const launch = (entry: 'worker' | 'api', name: string, extra: NodeJS.ProcessEnv = {}) =>
    startCascadeProcess(
      name,
      entry,
      {
        TEMPORAL_ADDRESS: `127.0.0.1:${placement.temporalPort}`,
        TEMPORAL_TASK_QUEUE: taskQueue,
        DATABASE_URL: databaseUrl,
        CASCADE_DATA_DIR: path.join(dir, 'app'),
        CASCADE_DEMO: '0',
        CASCADE_WORKFLOW_BUNDLE: bundlePath,
        TEMPORAL_LOG_LEVEL: 'WARN',
        ...extra,
      },
      logDir,
    );
  const startWorker = () => workers[workers.push(launch('worker', `worker-${workers.length + 1}`)) - 1];
  /** The API process of slot 0 or 1 (a restarted one takes its slot and port). */
  const startApi = (slot: number) =>
    (apis[slot] = launch('api', `api-${slot + 1}-${Date.now()}`, { PORT: String(apiPorts[slot]) }));
  const apiHealthy = (port: number) =>
    waitFor(
      `API on ${port}`,
      () => fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status),
      (s) => s === 200,
      120_000,
      200,
    );

  const count = async (sql: string, params: unknown[]) => Number((await db.query(sql, params))[0].n);
  const delivered = (directiveIds: string[]) =>
    count(
      `SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (${directiveIds.map(() => '?').join(',')})`,
      directiveIds,
    );
  /** A fifth of the fan-out delivered: the moment the faults strike. */
  const underWay = (forwards: string[]) =>
    unlessCrashed(
      waitFor(
        'fan-out under way',
        () => delivered(forwards),
        (n) => n >= Math.floor(LEAVES * 0.2),
        300_000,
        100,
      ),
    );
  const allDelivered = (forwards: string[]) =>
    unlessCrashed(
      waitFor(
        'fan-out complete',
        () => delivered(forwards),
        (n) => n === LEAVES,
        540_000,
        250,
      ),
    );

  /** Root → the three cities; each acknowledges and forwards to its counties. `done` settles with the root id. */
  function cascade(tag: string, leafDeadlineIn: number, policy?: object) {
    const forwards = MIDS.map((mid) => `${tag}-${mid}`);
    const done = (async () => {
      const issued = await api.write('/api/directives', ROOT_UNIT, {
        docNumber: `集群〔2026〕${tag}号`,
        title: `集群演练 ${tag}`,
        issuerUnit: ROOT_UNIT,
        recipients: MIDS,
        deadline: new Date(Date.now() + 40 * DAY).toISOString(),
      });
      if (issued.status !== 201) throw new Error(`issue ${tag}: ${issued.status} ${JSON.stringify(issued.body)}`);
      const root = issued.body.id as string;
      await Promise.all(
        MIDS.map(async (mid, i) => {
          const a = workflowIds.assignment(root, mid);
          const ack = await api.write(`/api/assignments/${a}/acknowledge`, mid, {});
          if (ack.status !== 200) throw new Error(`ack by ${mid}: ${ack.status} ${JSON.stringify(ack.body)}`);
          const forward = await api.write(`/api/assignments/${a}/forward`, mid, {
            directiveId: forwards[i],
            docNumber: `集群〔2026〕${tag}-${i}号`,
            title: `转发 ${tag}`,
            recipients: leavesOf(mid),
            deadline: new Date(Date.now() + leafDeadlineIn).toISOString(),
            ...(policy ? { policy } : {}),
          });
          if (forward.status !== 200)
            throw new Error(`forward by ${mid}: ${forward.status} ${JSON.stringify(forward.body)}`);
        }),
      );
      return root;
    })();
    return { forwards, done };
  }

  const leafAssignment = (forwards: string[], leaf: string) => workflowIds.assignment(forwards[cityOf(leaf)], leaf);

  async function expectInvariants(name: string, report: InvariantReport, expected: number): Promise<void> {
    summary[name] = {
      ...(summary[name] as object),
      assignments: report.assignments,
      escalations: report.escalations,
      events: report.events,
      problems: [
        ...report.statusMismatches,
        ...report.escalationMismatches,
        ...report.eventMismatches,
        ...report.seqGaps,
      ].slice(0, 10),
    };
    expect(invariantVerdict(report)).toEqual(cleanVerdict(expected));
  }

  beforeAll(async () => {
    fs.rmSync(logDir, { recursive: true, force: true });
    fs.mkdirSync(logDir, { recursive: true });
    // PostgreSQL runs as the `postgres` account when the tests run as root: it must reach its data dir.
    fs.chmodSync(dir, 0o755);
    placement = {
      dir: path.join(dir, 'cluster'),
      pgPort: await freePort(54_330),
      temporalPort: await freePortRange(27_833, 24),
      shards: SHARDS,
    };
    balancerPort = await freePort(13_870);
    apiPorts = [await freePort(13_871), await freePort(13_872)];
    const [privateDb, bundle, address] = await Promise.all([
      freePort(33_316).then((port) => createPrivateMariadb(dir, port, logDir)),
      bundleWorkflows(),
      script('temporal', 'start', '--split', '--fresh'),
    ]);
    mariadb = privateDb;
    mark(`MariaDB, workflow bundle and the Temporal cluster (${address.split('\n').pop()}) ready`);
    bundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(bundlePath, bundle.code);
    databaseUrl = mariadb.url('cascade_faults');
    db = await openDatabase({ type: 'mysql', url: databaseUrl });
    await new UnitsRepository(db).upsertMany(placeUnits(units()));
    connection = await Connection.connect({ address: `127.0.0.1:${placement.temporalPort}` });
    client = new Client({ connection });
    startApi(0);
    startApi(1);
    startWorker();
    startWorker();
    await script('balancer', 'start', String(balancerPort), ...apiPorts.map(String));
    const repository = new TokensRepository(db);
    const everyone = [ROOT_UNIT, ...MIDS, ...MIDS.flatMap(leavesOf)];
    await mapLimit(everyone, 8, async (unit) =>
      tokens.set(unit, (await repository.create({ unitCode: unit, role: 'clerk', name: 'cluster' })).token),
    );
    await Promise.all([
      ...apiPorts.map(apiHealthy),
      ...workers.map((w) => logContains(w.log, 'worker polling task queue', 120_000)),
    ]);
    await waitFor(
      'the balancer serving',
      () => fetch(`http://127.0.0.1:${balancerPort}/api/health`).then((r) => r.status),
      (s) => s === 200,
      30_000,
      200,
    );
    mark('two APIs behind HAProxy and two workers up');
    summary.setupSeconds = Math.round((Date.now() - suiteStarted) / 1000);
  });

  afterEach(() => writeSummary());

  afterAll(async () => {
    summary.totalSeconds = Math.round((Date.now() - suiteStarted) / 1000);
    summary.statuses = Object.fromEntries(api.statuses);
    writeSummary();
    await script('balancer', 'stop').catch(() => undefined);
    for (const app of [...apis, ...workers]) await app.stop();
    await connection?.close();
    await script('temporal', 'stop').catch(() => undefined);
    if (db?.isInitialized) await db.destroy().catch(() => undefined);
    await mariadb?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs a whole cascade through the balancer: issue, forward, acknowledge, report, accept', async () => {
    const started = Date.now();
    const { forwards, done } = cascade('s', 30 * DAY);
    const root = await unlessCrashed(done);
    await allDelivered(forwards);
    mark('(s) fan-out complete');
    const leaves = MIDS.flatMap(leavesOf);
    const replies = await unlessCrashed(
      mapLimit(leaves, 16, async (leaf) => {
        const a = leafAssignment(forwards, leaf);
        const ack = await api.write(`/api/assignments/${a}/acknowledge`, leaf, {});
        const report = await api.write(`/api/assignments/${a}/report`, leaf, { content: `${leaf} 已完成` });
        return [ack.status, report.status];
      }),
    );
    expect(replies).toEqual(leaves.map(() => [200, 200]));
    // The cities accept a few reports: the answer travels back up the tree.
    const accepted = await Promise.all(
      MIDS.map((mid) => api.write(`/api/assignments/${leafAssignment(forwards, leavesOf(mid)[0])}/accept`, mid, {})),
    );
    expect(accepted.map((r) => r.status)).toEqual(MIDS.map(() => 200));
    mark('(s) every county acknowledged and reported');
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    summary.s = { seconds: Math.round((Date.now() - started) / 1000) };
    await expectInvariants('s', report, LEAVES + MIDS.length);
    const tree = await api.once('GET', `/api/directives/${root}/tree`, ROOT_UNIT);
    expect(tree.status).toBe(200);
  });

  it('kill -9 of one of two workers mid fan-out: the other carries on, nothing lost or doubled', async () => {
    const started = Date.now();
    const { forwards, done } = cascade('w', 30 * DAY);
    await underWay(forwards);
    await workers[0].kill9();
    const atKill = await delivered(forwards);
    mark(`(w) worker-1 killed at ${atKill}/${LEAVES} delivered`);
    const root = await unlessCrashed(done);
    await allDelivered(forwards);
    mark('(w) fan-out complete on the remaining worker');
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    summary.w = { deliveredWhenKilled: atKill, seconds: Math.round((Date.now() - started) / 1000) };
    await expectInvariants('w', report, LEAVES + MIDS.length);
    expect(atKill).toBeLessThan(LEAVES);
    expect(alive(workers[1])).toBe(true);
    // Two workers again for the faults that follow.
    const worker = startWorker();
    await logContains(worker.log, 'worker polling task queue', 120_000);
  });

  it('kill -9 of one API under writes: requests through the balancer keep succeeding, each write happens once', async () => {
    const started = Date.now();
    const { forwards, done } = cascade('p', 30 * DAY);
    const root = await unlessCrashed(done);
    await allDelivered(forwards);
    const leaves = MIDS.flatMap(leavesOf);
    const keys = new Map(leaves.map((leaf) => [leaf, randomUUID()]));
    let answered = 0;
    const acks = mapLimit(leaves, 16, async (leaf) => {
      const reply = await api.write(
        `/api/assignments/${leafAssignment(forwards, leaf)}/acknowledge`,
        leaf,
        {},
        keys.get(leaf),
      );
      answered++;
      return reply;
    });
    await waitFor(
      'acknowledgements flowing',
      async () => answered,
      (n) => n >= leaves.length / 5,
      300_000,
      50,
    );
    await apis[0].kill9();
    const atKill = answered;
    mark(`(p) api-1 killed after ${atKill}/${leaves.length} acknowledgements`);
    const replies = await unlessCrashed(acks);
    mark('(p) every acknowledgement answered');
    expect(replies.map((r) => r.status)).toEqual(leaves.map(() => 200));
    // The same writes again with their keys (a client that never saw the answer): the same answer, no second act.
    const again = await mapLimit(leaves.slice(0, 30), 8, (leaf) =>
      api.write(`/api/assignments/${leafAssignment(forwards, leaf)}/acknowledge`, leaf, {}, keys.get(leaf)),
    );
    expect(again.map((r) => r.status)).toEqual(again.map(() => 200));
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    summary.p = {
      acknowledgedWhenKilled: atKill,
      triesAboveOne: replies.filter((r) => r.tries > 1).length,
      replayedWithKey: again.length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    await expectInvariants('p', report, LEAVES + MIDS.length);
    startApi(0);
    await apiHealthy(apiPorts[0]);
    mark('(p) api-1 back');
  });

  it('the history service restarted mid-cascade: deliveries, timers and escalations resume, each once', async () => {
    const started = Date.now();
    // No county reports: each escalates at its deadline (20 s after the forward), then 5 s and 10 s later.
    const policy = { ackWithin: 'PT1H', remindBefore: [], ladder: ['PT0S', 'PT5S', 'PT10S'] };
    const { forwards, done } = cascade('h', 20_000, policy);
    await underWay(forwards);
    const atRestart = await delivered(forwards);
    mark(`(h) restarting history at ${atRestart}/${LEAVES} delivered`);
    await script('temporal', 'restart-service', 'history');
    mark('(h) history serving again');
    const root = await unlessCrashed(done);
    await allDelivered(forwards);
    const levelThree = 'SELECT COUNT(*) AS n FROM escalations WHERE directive_id IN (?, ?, ?) AND level = 3';
    await unlessCrashed(
      waitFor(
        'every county at level 3',
        () => count(levelThree, forwards),
        (n) => n === LEAVES,
        300_000,
        250,
      ),
    );
    mark('(h) every county escalated to level 3');
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    summary.h = { deliveredWhenRestarted: atRestart, seconds: Math.round((Date.now() - started) / 1000) };
    await expectInvariants('h', report, LEAVES + MIDS.length);
    expect(report.escalations).toBe(3 * LEAVES);
  });

  it(`PostgreSQL down for ${PG_OUTAGE_MS / 1000} s mid fan-out and under writes: nothing lost, each write once`, async () => {
    const started = Date.now();
    const { forwards, done } = cascade('d', 30 * DAY);
    await underWay(forwards);
    const atStop = await delivered(forwards);
    await script('postgres', 'stop');
    const down = Date.now();
    mark(`(d) PostgreSQL stopped at ${atStop}/${LEAVES} delivered`);
    // Writes keep coming while the engine's store is down: they wait or fail with 5xx and are retried with their key.
    const writers = mapLimit(
      MIDS.flatMap((mid) => leavesOf(mid).slice(0, 10)),
      8,
      async (leaf) => {
        await waitFor(
          'delivered',
          () => delivered([forwards[cityOf(leaf)]]),
          (n) => n > 0,
          540_000,
          500,
        );
        return api.write(`/api/assignments/${leafAssignment(forwards, leaf)}/acknowledge`, leaf, {});
      },
    );
    await new Promise((resolve) => setTimeout(resolve, PG_OUTAGE_MS));
    await script('postgres', 'start');
    const outageSeconds = (Date.now() - down) / 1000;
    mark('(d) PostgreSQL serving again');
    const root = await unlessCrashed(done);
    await allDelivered(forwards);
    const acks = await unlessCrashed(writers);
    expect(acks.map((r) => r.status)).toEqual(acks.map(() => 200));
    const report = await unlessCrashed(checkInvariants(client, db, [root]));
    summary.d = { deliveredWhenStopped: atStop, outageSeconds, seconds: Math.round((Date.now() - started) / 1000) };
    await expectInvariants('d', report, LEAVES + MIDS.length);
    // The Temporal services rode out the outage: none had to be restarted.
    expect(await script('temporal', 'status')).toMatch(/^serving on/);
  });
});
