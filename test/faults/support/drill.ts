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
import { bundleWorkflows } from '@cascade/temporal';
import { DrillApi } from './drill-api';
import { checkInvariants, cleanVerdict, invariantVerdict, type InvariantReport, mapLimit } from './invariants';
import {
  createPrivateMariadb,
  logContains,
  type Managed,
  type PrivateMariadb,
  ROOT,
  startCascadeProcess,
  waitFor,
} from './processes';

const DAY = 86_400_000;

/**
 * The drill's synthetic tree: a province, three cities and up to `leaves / 3` counties under each
 * (codes `{city}001`…). A size is rounded up to a multiple of three.
 */
export class DrillTree {
  readonly mids: string[];

  constructor(
    readonly root: string,
    /** Prefix of the unit names (故障演练, 集群演练). */
    private readonly label: string,
  ) {
    const province = root.slice(0, 2);
    this.mids = ['01', '02', '03'].map((city) => `${province}${city}00`);
  }

  evenly(units: number): number {
    return this.mids.length * Math.ceil(units / this.mids.length);
  }

  leavesOf(mid: string, leaves: number): string[] {
    return Array.from({ length: leaves / this.mids.length }, (_, i) => `${mid}${String(i + 1).padStart(3, '0')}`);
  }

  allLeaves(leaves: number): string[] {
    return this.mids.flatMap((mid) => this.leavesOf(mid, leaves));
  }

  /** The forward (of `forwards`, one per city) a county's assignment belongs to. */
  forwardOf(forwards: readonly string[], leaf: string): string {
    return forwards[this.mids.indexOf(leaf.slice(0, 6))];
  }

  leafAssignment(forwards: readonly string[], leaf: string): string {
    return workflowIds.assignment(this.forwardOf(forwards, leaf), leaf);
  }

  units(leaves: number): UnitSeed[] {
    return [
      { code: this.root, name: `${this.label}省厅`, parentCode: null, level: 'province' },
      ...this.mids.flatMap((mid, m) => [
        { code: mid, name: `${this.label}市局${m + 1}`, parentCode: this.root, level: 'city' as const },
        ...this.leavesOf(mid, leaves).map((code, i) => ({
          code,
          name: `${this.label}县局${m + 1}-${i + 1}`,
          parentCode: mid,
          level: 'county' as const,
        })),
      ]),
    ];
  }
}

export interface DrillOptions {
  /** `faults` or `cluster`: the temporary directory's prefix, the progress lines' tag, test-results/<name>. */
  name: string;
  tree: DrillTree;
  /** The largest number of counties any step uses: units and tokens are made for them. */
  leaves: number;
  summaryFile: string;
  summary: Record<string, unknown>;
}

/**
 * What test/faults and test/cluster share: Cascade as separate processes (worker and API from dist/) on
 * a Temporal engine the suite starts, a private MariaDB, the synthetic tree with a clerk token per unit,
 * the retrying client, the cascade each step runs, and the invariant check with its summary. Each suite
 * brings its engine (the dev server, a cluster) and its faults.
 */
export class Drill {
  readonly dir: string;
  readonly logDir: string;
  readonly tokens = new Map<string, string>();
  readonly taskQueue: string;
  /** Every Cascade process started; one that ends by itself (not killed or stopped on purpose) fails the step. */
  readonly apps: Managed[] = [];
  readonly summary: Record<string, unknown>;
  mariadb!: PrivateMariadb;
  db!: DataSource;
  client!: Client;
  private connection?: Connection;
  private temporalAddress = '';
  private databaseUrl = '';
  private bundlePath = '';
  private apiBase = '';
  readonly api: DrillApi;
  private readonly started = Date.now();

  constructor(private readonly options: DrillOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `cascade-${options.name}-`));
    this.logDir = path.join(ROOT, 'test-results', options.name, 'logs');
    this.taskQueue = `${options.name}-${randomUUID()}`;
    this.summary = { ...options.summary, startedAt: new Date().toISOString(), timeline: [] };
    this.api = new DrillApi(() => this.apiBase, this.tokens);
  }

  get tree(): DrillTree {
    return this.options.tree;
  }

  /** Progress on stderr (Jest shows console output only at the end) and in the summary: where the time goes. */
  mark(what: string): void {
    const at = Math.round((Date.now() - this.started) / 100) / 10;
    (this.summary.timeline as string[]).push(`${at}s ${what}`);
    process.stderr.write(`[${this.options.name} +${at}s] ${what}\n`);
  }

  writeSummary(): void {
    const file = path.join(ROOT, 'test-results', this.options.name, this.options.summaryFile);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(this.summary, null, 2)}\n`);
  }

  /** Where the clients' requests go: the API itself or the balancer in front of it. */
  useApi(base: string): void {
    this.apiBase = base;
  }

  /**
   * The private MariaDB (on `mariadbPort`), the workflow bundle and the engine (`startEngine` resolves
   * with its frontend address) side by side; then the schema, the units and a Temporal client.
   */
  async prepare(mariadbPort: number, startEngine: () => Promise<string>): Promise<void> {
    fs.rmSync(this.logDir, { recursive: true, force: true });
    fs.mkdirSync(this.logDir, { recursive: true });
    // PostgreSQL runs as the `postgres` account when the tests run as root: it must reach a cluster's data dir.
    fs.chmodSync(this.dir, 0o755);
    const [mariadb, bundle, address] = await Promise.all([
      createPrivateMariadb(this.dir, mariadbPort, this.logDir),
      bundleWorkflows(),
      startEngine(),
    ]);
    this.mariadb = mariadb;
    this.temporalAddress = address;
    this.mark(`MariaDB, workflow bundle and the engine (${address}) ready`);
    this.bundlePath = path.join(this.dir, 'workflow-bundle.js');
    fs.writeFileSync(this.bundlePath, bundle.code);
    this.databaseUrl = mariadb.url('cascade_faults');
    this.db = await openDatabase({ type: 'mysql', url: this.databaseUrl });
    await new UnitsRepository(this.db).upsertMany(placeUnits(this.tree.units(this.options.leaves)));
    this.mark('schema migrated, units stored');
    this.connection = await Connection.connect({ address });
    this.client = new Client({ connection: this.connection });
  }

  /** A Cascade worker or API on this engine, task queue and read model. */
  launch(entry: 'worker' | 'api', name: string, extra: NodeJS.ProcessEnv = {}): Managed {
    const app = startCascadeProcess(
      name,
      entry,
      {
        TEMPORAL_ADDRESS: this.temporalAddress,
        TEMPORAL_TASK_QUEUE: this.taskQueue,
        DATABASE_URL: this.databaseUrl,
        CASCADE_DATA_DIR: path.join(this.dir, 'app'),
        CASCADE_DEMO: '0',
        CASCADE_WORKFLOW_BUNDLE: this.bundlePath,
        TEMPORAL_LOG_LEVEL: 'WARN',
        ...extra,
      },
      this.logDir,
    );
    this.apps.push(app);
    return app;
  }

  /** A clerk token for every unit of the tree (made while the processes boot). */
  async makeTokens(): Promise<void> {
    const repository = new TokensRepository(this.db);
    const units = [this.tree.root, ...this.tree.mids, ...this.tree.allLeaves(this.options.leaves)];
    await mapLimit(units, 8, async (unit) =>
      this.tokens.set(
        unit,
        (await repository.create({ unitCode: unit, role: 'clerk', name: this.options.name })).token,
      ),
    );
    this.mark(`${units.length} tokens made`);
  }

  healthy(base: string): Promise<number> {
    return waitFor(
      `${base}/api/health`,
      () => fetch(`${base}/api/health`).then((r) => r.status),
      (s) => s === 200,
      120_000,
      200,
    );
  }

  polling(worker: Managed): Promise<void> {
    return logContains(worker.log, 'worker polling task queue', 120_000);
  }

  /** `work`, failing as soon as a Cascade process not killed on purpose dies instead of waiting out its timeout. */
  unlessCrashed<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, ...this.apps.map((app) => app.crashed)]);
  }

  async count(sql: string, params: unknown[]): Promise<number> {
    return Number((await this.db.query(sql, params))[0].n);
  }

  delivered(directiveIds: readonly string[]): Promise<number> {
    return this.count(
      `SELECT COUNT(*) AS n FROM assignments WHERE directive_id IN (${directiveIds.map(() => '?').join(',')})`,
      [...directiveIds],
    );
  }

  /** Until at least `n` of the forwards' assignments are in the read model. */
  deliveredAtLeast(forwards: readonly string[], n: number, what: string, timeoutMs = 300_000): Promise<number> {
    return this.unlessCrashed(
      waitFor(
        what,
        () => this.delivered(forwards),
        (seen) => seen >= n,
        timeoutMs,
        200,
      ),
    );
  }

  /** A fifth of the fan-out delivered: the moment the faults strike. */
  underWay(forwards: readonly string[], leaves: number): Promise<number> {
    return this.deliveredAtLeast(forwards, Math.max(1, Math.floor(leaves * 0.2)), 'fan-out under way');
  }

  allDelivered(forwards: readonly string[], leaves: number): Promise<number> {
    return this.deliveredAtLeast(forwards, leaves, 'fan-out complete', 540_000);
  }

  /** Until every county of the forwards has an escalation of `level`. */
  escalatedTo(level: number, forwards: readonly string[], leaves: number): Promise<number> {
    const sql = `SELECT COUNT(*) AS n FROM escalations WHERE directive_id IN (${forwards.map(() => '?').join(',')}) AND level = ?`;
    return this.unlessCrashed(
      waitFor(
        `every county at level ${level}`,
        () => this.count(sql, [...forwards, level]),
        (n) => n === leaves,
        300_000,
        250,
      ),
    );
  }

  /**
   * Issues root → the three cities; each city acknowledges and forwards to `leaves / 3` counties (deadline
   * `leafDeadlineIn` ms after the forward). `forwards` is known at once; `done` settles with the root
   * directive's id when the forward Updates have answered (after the fan-out).
   */
  cascade(tag: string, leaves: number, leafDeadlineIn: number, policy?: object) {
    const { root: rootUnit, mids } = this.tree;
    const forwards = mids.map((mid) => `${tag}-${mid}`);
    let forwardSent!: () => void;
    /** The first forward sent to the API: its workflow starts the children before it answers. */
    const forwardsSent = new Promise<void>((resolve) => (forwardSent = resolve));
    const done = (async () => {
      const issued = await this.api.write('/api/directives', rootUnit, {
        docNumber: `演练〔2026〕${tag}号`,
        title: `${this.options.name} 演练 ${tag}`,
        issuerUnit: rootUnit,
        recipients: mids,
        deadline: new Date(Date.now() + 40 * DAY).toISOString(),
      });
      if (issued.status !== 201) throw new Error(`issue ${tag}: ${issued.status} ${JSON.stringify(issued.body)}`);
      const root = issued.body.id as string;
      await Promise.all(
        mids.map(async (mid, i) => {
          const a = workflowIds.assignment(root, mid);
          const ack = await this.api.write(`/api/assignments/${a}/acknowledge`, mid, {});
          if (ack.status !== 200) throw new Error(`ack by ${mid}: ${ack.status} ${JSON.stringify(ack.body)}`);
          forwardSent();
          const forward = await this.api.write(`/api/assignments/${a}/forward`, mid, {
            directiveId: forwards[i],
            docNumber: `演练〔2026〕${tag}-${i}号`,
            title: `转发 ${tag}`,
            recipients: this.tree.leavesOf(mid, leaves),
            deadline: new Date(Date.now() + leafDeadlineIn).toISOString(),
            ...(policy ? { policy } : {}),
          });
          if (forward.status !== 200)
            throw new Error(`forward by ${mid}: ${forward.status} ${JSON.stringify(forward.body)}`);
        }),
      );
      this.mark(`${tag}: the three forwards answered`);
      return root;
    })();
    done.catch(() => undefined); // awaited by the step; a failure before that must not be unhandled
    return { forwards, done, forwardsSent };
  }

  checkInvariants(rootDirectiveIds: readonly string[]): Promise<InvariantReport> {
    return this.unlessCrashed(checkInvariants(this.client, this.db, rootDirectiveIds));
  }

  /** Puts the invariant counts into the summary (before any expectation can fail) and checks them. */
  async expectInvariants(name: string, report: InvariantReport, expectedAssignments: number): Promise<void> {
    if (report.eventMismatches.length) this.summary[`${name}EventLogs`] = await this.eventsOfMismatches(report);
    this.summary[name] = {
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
      ...(this.summary[name] as object),
    };
    expect(invariantVerdict(report)).toEqual(cleanVerdict(expectedAssignments));
  }

  /** The event log of the first assignments whose events do not match their workflow: what a failed run is read from. */
  private async eventsOfMismatches(report: InvariantReport): Promise<Record<string, unknown[]>> {
    const ids = [...new Set(report.eventMismatches.map((m) => m.slice(0, m.indexOf(': '))))].slice(0, 3);
    const out: Record<string, unknown[]> = {};
    for (const id of ids) {
      const rows: unknown[] = await this.db.query(
        'SELECT id, seq, type, occurred_at, recorded_at FROM events WHERE assignment_id = ? ORDER BY seq',
        [id],
      );
      // The workflow's own history beside it: which workflow tasks failed or timed out, where the markers are.
      const history = await this.client.workflow
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

  /** Stops the apps, then the engine (`stopEngine`), MariaDB; removes the temporary directory. */
  async tearDown(stopEngine: () => Promise<unknown>): Promise<void> {
    this.summary.finishedAt = new Date().toISOString();
    this.summary.totalSeconds = Math.round((Date.now() - this.started) / 1000);
    this.summary.statuses = Object.fromEntries(this.api.statuses);
    this.writeSummary();
    for (const app of this.apps) await app.stop();
    await this.connection?.close();
    await stopEngine().catch(() => undefined);
    if (this.db?.isInitialized) await this.db.destroy().catch(() => undefined);
    await this.mariadb?.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
