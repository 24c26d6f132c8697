import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { freePort } from '@cascade/temporal';
import { Drill, DrillTree } from '../faults/support/drill';
import { mapLimit } from '../faults/support/invariants';
import { type Managed, waitFor } from '../faults/support/processes';
import { type ClusterPlacement, clusterScript, freePortRange } from './support/cluster';

/**
 * Cascade on the production topology (docs/cluster.md): a Temporal cluster on PostgreSQL with its four
 * services as separate processes, two workers, two APIs behind HAProxy, the read model on MariaDB. A
 * cascade runs through the balancer, then one fault each: kill -9 of one worker mid fan-out, kill -9 of
 * one API under writes, a restart of the history service mid-cascade, PostgreSQL down for 30 s. After
 * each, test/faults' invariants hold: every assignment's read model matches its workflow, each
 * transition recorded once. Sizes: CASCADE_CLUSTER_UNITS leaves per fan-out (default 300).
 */
const tree = new DrillTree('980000', '集群演练');
const LEAVES = tree.evenly(Number(process.env.CASCADE_CLUSTER_UNITS ?? 300));
const SHARDS = Number(process.env.CASCADE_CLUSTER_SHARDS ?? 16);
const PG_OUTAGE_MS = Number(process.env.CASCADE_CLUSTER_PG_OUTAGE_MS ?? 30_000);
const DAY = 86_400_000;
/** From sending the forwards to the kill: they have reached the workflows, which are starting children. */
const FORWARD_IN_FLIGHT_MS = 300;
const EXPECTED = LEAVES + tree.mids.length;

describe(`Cascade on the production topology (${SHARDS} history shards, fan-outs of ${LEAVES})`, () => {
  const drill = new Drill({
    name: 'cluster',
    tree,
    leaves: LEAVES,
    summaryFile: 'summary.json',
    summary: { leaves: LEAVES, shards: SHARDS },
  });
  const { api, summary } = drill;
  const mark = (what: string) => drill.mark(what);
  const leaves = tree.allLeaves(LEAVES);
  let placement: ClusterPlacement;
  let apiPorts: number[];
  const apis: Managed[] = [];
  const workers: Managed[] = [];
  const script = (name: string, ...args: string[]) =>
    clusterScript(placement, name, args, path.join(drill.logDir, 'scripts.log'));
  const alive = (m: Managed) => m.child.exitCode === null && m.child.signalCode === null;
  const startWorker = () => workers[workers.push(drill.launch('worker', `worker-${workers.length + 1}`)) - 1];
  /** The API process of slot 0 or 1 (a restarted one takes its slot and port). */
  const startApi = (slot: number) =>
    (apis[slot] = drill.launch('api', `api-${slot + 1}-${Date.now()}`, { PORT: String(apiPorts[slot]) }));
  const apiHealthy = (port: number) => drill.healthy(`http://127.0.0.1:${port}`);

  beforeAll(async () => {
    placement = {
      dir: path.join(drill.dir, 'cluster'),
      pgPort: await freePort(54_330),
      temporalPort: await freePortRange(27_833, 24),
      shards: SHARDS,
    };
    const balancerPort = await freePort(13_870);
    apiPorts = [await freePort(13_871), await freePort(13_872)];
    await drill.prepare(await freePort(33_316), async () => {
      await script('temporal', 'start', '--split', '--fresh');
      return `127.0.0.1:${placement.temporalPort}`;
    });
    drill.useApi(`http://127.0.0.1:${balancerPort}`);
    startApi(0);
    startApi(1);
    startWorker();
    startWorker();
    await script('balancer', 'start', String(balancerPort), ...apiPorts.map(String));
    await drill.makeTokens();
    await Promise.all([...apiPorts.map(apiHealthy), ...workers.map((w) => drill.polling(w))]);
    await waitFor(
      'the balancer serving',
      () => fetch(`http://127.0.0.1:${balancerPort}/api/health`).then((r) => r.status),
      (s) => s === 200,
      30_000,
      200,
    );
    mark('two APIs behind HAProxy and two workers up');
    summary.setupSeconds = Math.round((Date.now() - Date.parse(summary.startedAt as string)) / 1000);
  });

  afterEach(() => drill.writeSummary());

  afterAll(async () => {
    await script('balancer', 'stop').catch(() => undefined);
    await drill.tearDown(() => script('temporal', 'stop'));
  });

  it('runs a whole cascade through the balancer: issue, forward, acknowledge, report, accept', async () => {
    const started = Date.now();
    const { forwards, done } = drill.cascade('s', LEAVES, 30 * DAY);
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, LEAVES);
    mark('(s) fan-out complete');
    const replies = await drill.unlessCrashed(
      mapLimit(leaves, 16, async (leaf) => {
        const a = tree.leafAssignment(forwards, leaf);
        const ack = await api.write(`/api/assignments/${a}/acknowledge`, leaf, {});
        const report = await api.write(`/api/assignments/${a}/report`, leaf, { content: `${leaf} 已完成` });
        return [ack.status, report.status];
      }),
    );
    expect(replies).toEqual(leaves.map(() => [200, 200]));
    // The cities accept a few reports: the answer travels back up the tree.
    const accepted = await Promise.all(
      tree.mids.map((mid) =>
        api.write(`/api/assignments/${tree.leafAssignment(forwards, tree.leavesOf(mid, LEAVES)[0])}/accept`, mid, {}),
      ),
    );
    expect(accepted.map((r) => r.status)).toEqual(tree.mids.map(() => 200));
    mark('(s) every county acknowledged and reported');
    const report = await drill.checkInvariants([root]);
    summary.s = { seconds: Math.round((Date.now() - started) / 1000) };
    await drill.expectInvariants('s', report, EXPECTED);
    const shown = await api.once('GET', `/api/directives/${root}/tree`, tree.root);
    expect(shown.status).toBe(200);
  });

  it('kill -9 of one of two workers mid fan-out: the other carries on, nothing lost or doubled', async () => {
    const started = Date.now();
    const { forwards, done, forwardsSent } = drill.cascade('w', LEAVES, 30 * DAY);
    // A forward's children are recorded as delivered in one batch before it answers, so waiting for the
    // read model to show some can miss the whole fan-out; strike while the forwards are being handled.
    await drill.unlessCrashed(Promise.race([forwardsSent, done]));
    await new Promise((resolve) => setTimeout(resolve, FORWARD_IN_FLIGHT_MS));
    await workers[0].kill9();
    const atKill = await drill.delivered(forwards);
    mark(`(w) worker-1 killed at ${atKill}/${LEAVES} delivered`);
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, LEAVES);
    mark('(w) fan-out complete on the remaining worker');
    const report = await drill.checkInvariants([root]);
    summary.w = { deliveredWhenKilled: atKill, seconds: Math.round((Date.now() - started) / 1000) };
    await drill.expectInvariants('w', report, EXPECTED);
    expect(atKill).toBeLessThan(LEAVES);
    expect(alive(workers[1])).toBe(true);
    // Two workers again for the faults that follow.
    const worker = startWorker();
    await drill.polling(worker);
  });

  it('kill -9 of one API under writes: requests through the balancer keep succeeding, each write happens once', async () => {
    const started = Date.now();
    const { forwards, done } = drill.cascade('p', LEAVES, 30 * DAY);
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, LEAVES);
    const keys = new Map(leaves.map((leaf) => [leaf, randomUUID()]));
    let answered = 0;
    const acks = mapLimit(leaves, 16, async (leaf) => {
      const reply = await api.write(
        `/api/assignments/${tree.leafAssignment(forwards, leaf)}/acknowledge`,
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
    const replies = await drill.unlessCrashed(acks);
    mark('(p) every acknowledgement answered');
    expect(replies.map((r) => r.status)).toEqual(leaves.map(() => 200));
    // The same writes again with their keys (a client that never saw the answer): the same answer, no second act.
    const again = await mapLimit(leaves.slice(0, 30), 8, (leaf) =>
      api.write(`/api/assignments/${tree.leafAssignment(forwards, leaf)}/acknowledge`, leaf, {}, keys.get(leaf)),
    );
    expect(again.map((r) => r.status)).toEqual(again.map(() => 200));
    const report = await drill.checkInvariants([root]);
    summary.p = {
      acknowledgedWhenKilled: atKill,
      triesAboveOne: replies.filter((r) => r.tries > 1).length,
      replayedWithKey: again.length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    await drill.expectInvariants('p', report, EXPECTED);
    startApi(0);
    await apiHealthy(apiPorts[0]);
    mark('(p) api-1 back');
  });

  it('the history service restarted mid-cascade: deliveries, timers and escalations resume, each once', async () => {
    const started = Date.now();
    // No county reports: each escalates at its deadline (20 s after the forward), then 5 s and 10 s later.
    const policy = { ackWithin: 'PT1H', remindBefore: [], ladder: ['PT0S', 'PT5S', 'PT10S'] };
    const { forwards, done } = drill.cascade('h', LEAVES, 20_000, policy);
    await drill.underWay(forwards, LEAVES);
    const atRestart = await drill.delivered(forwards);
    mark(`(h) restarting history at ${atRestart}/${LEAVES} delivered`);
    await script('temporal', 'restart-service', 'history');
    mark('(h) history serving again');
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, LEAVES);
    await drill.escalatedTo(3, forwards, LEAVES);
    mark('(h) every county escalated to level 3');
    const report = await drill.checkInvariants([root]);
    summary.h = { deliveredWhenRestarted: atRestart, seconds: Math.round((Date.now() - started) / 1000) };
    await drill.expectInvariants('h', report, EXPECTED);
    expect(report.escalations).toBe(3 * LEAVES);
  });

  it(`PostgreSQL down for ${PG_OUTAGE_MS / 1000} s mid fan-out and under writes: nothing lost, each write once`, async () => {
    const started = Date.now();
    const { forwards, done } = drill.cascade('d', LEAVES, 30 * DAY);
    await drill.underWay(forwards, LEAVES);
    const atStop = await drill.delivered(forwards);
    await script('postgres', 'stop');
    const down = Date.now();
    mark(`(d) PostgreSQL stopped at ${atStop}/${LEAVES} delivered`);
    // Writes keep coming while the engine's store is down: they wait or fail with 5xx and are retried with their key.
    const writers = mapLimit(
      tree.mids.flatMap((mid) => tree.leavesOf(mid, LEAVES).slice(0, 10)),
      8,
      async (leaf) => {
        await waitFor(
          'delivered',
          () => drill.delivered([tree.forwardOf(forwards, leaf)]),
          (n) => n > 0,
          540_000,
          500,
        );
        return api.write(`/api/assignments/${tree.leafAssignment(forwards, leaf)}/acknowledge`, leaf, {});
      },
    );
    await new Promise((resolve) => setTimeout(resolve, PG_OUTAGE_MS));
    await script('postgres', 'start');
    const outageSeconds = (Date.now() - down) / 1000;
    mark('(d) PostgreSQL serving again');
    const root = await drill.unlessCrashed(done);
    await drill.allDelivered(forwards, LEAVES);
    const acks = await drill.unlessCrashed(writers);
    expect(acks.map((r) => r.status)).toEqual(acks.map(() => 200));
    const report = await drill.checkInvariants([root]);
    summary.d = { deliveredWhenStopped: atStop, outageSeconds, seconds: Math.round((Date.now() - started) / 1000) };
    await drill.expectInvariants('d', report, EXPECTED);
    // The Temporal services rode out the outage: none had to be restarted.
    expect(await script('temporal', 'status')).toMatch(/^serving on/);
  });
});
