// National-scale benchmarks of Cascade beside bare Temporal, in the same run (docs/benchmarks.md).
//   npm run bench -- [--scale county|township] [--quick] [--only S1,S2,...] [--engine cluster --shards 1,4,16]
// --engine cluster runs S2, S3 and S5 on the dev server and then on a Temporal cluster on PostgreSQL per
// shard count (scripts/cluster/temporal.sh), each beside the bare-Temporal baseline on the same engine.
// = npm run build && node -r ./bin/register-dist-paths.js dist/bench/national.bench.js …
// Provisions the Temporal CLI (and MariaDB unless --quick), starts a dev server of its own,
// runs the scenarios, prints a table and writes bench/results/latest.json plus a dated copy.
// Exits non-zero only when the benchmark itself breaks; a missed target is reported, not fatal.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { TokensRepository } from '@cascade/persistence';
import { WORKER_TUNING } from '../apps/worker/src/worker-tuning';
import { bundleWorkflows, installTemporalRuntime, locateDevServer, startDevServer } from '@cascade/temporal';
import { startBaselineHttp } from './baseline/http-front';
import {
  type BenchDatabase,
  createBenchDatabase,
  prepareDatabase,
  startApiOnly,
  startCascadeStack,
} from './support/cascade-stack';
import { BaselineSink, baselineDriver, cascadeDriver, type Driver } from './support/drivers';
import { benchEngines, type EngineOptions } from './support/engines';
import { cascadeScope, type Depth, loadNational } from './support/national-units';
import { type BenchResult, printTable, writeResults } from './support/results';
import { measureReads, seedNationalReadModel } from './support/s6-reads';
import { sleep } from './support/stats';
import { combineS3, runS1, runS2, runS3, runS5, type S2Result, type S3Result } from './support/scenarios';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Dev-server flags beyond libs/temporal's defaults (see DEV_SERVER_FLAG_SETS). BENCH_DEV_SERVER=default
 * runs the server exactly as `npm start` does.
 */
const DEV_SERVER_FLAG_SETS: Record<string, string[]> = {
  default: [],
  tuned: [
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    process.env.BENCH_SQLITE_SYNC ?? 'synchronous=off',
    '--dynamic-config-value',
    'frontend.rps=10000',
    '--dynamic-config-value',
    'frontend.namespaceRPS=10000',
    '--dynamic-config-value',
    'history.rps=10000',
    '--dynamic-config-value',
    'matching.rps=10000',
  ],
};

/**
 * Worker options for both workers (ours and the baseline); BENCH_WORKER picks one. `tuned` is what
 * apps/worker runs; the others are the candidates it was chosen from (docs/benchmarks.md, "Worker tuning").
 */
const simpleMaximum = (maximum: number) => ({ type: 'simple-maximum' as const, maximum });
const WORKER_OPTION_SETS: Record<string, Partial<WorkerOptions>> = {
  default: {},
  tuned: WORKER_TUNING,
  // The SDK's slots and pollers (40 workflow tasks, 100 activities, 10 pollers each) with a cache for every workflow.
  cached: { maxCachedWorkflows: 10_000 },
  // Fewer tasks in flight than the SDK's defaults: two cores cannot run 140 at once anyway.
  lean: {
    maxCachedWorkflows: 10_000,
    maxConcurrentWorkflowTaskExecutions: 10,
    maxConcurrentActivityTaskExecutions: 20,
    workflowTaskPollerBehavior: simpleMaximum(2),
    activityTaskPollerBehavior: simpleMaximum(2),
  },
  wide: {
    maxCachedWorkflows: 10_000,
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 200,
    workflowTaskPollerBehavior: simpleMaximum(20),
    activityTaskPollerBehavior: simpleMaximum(20),
  },
  // Two workflow threads instead of the SDK's one (with a reused V8 context): every entry into the
  // workflow sandbox starts a watchdog thread for the isolate execution timeout, which a saturated
  // machine schedules late, so one thread spends much of its time waiting on them.
  threads: { ...WORKER_TUNING, workflowThreadPoolSize: 2 },
};

interface Options extends EngineOptions {
  depth: Depth;
  quick: boolean;
  only: Set<string> | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { depth: 'county', quick: false, only: null, engine: 'dev', shards: [16] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--scale') {
      const value = argv[++i];
      if (value !== 'county' && value !== 'township') throw new Error(`--scale county|township, not ${value}`);
      options.depth = value;
    } else if (arg === '--only') options.only = new Set(argv[++i].toUpperCase().split(','));
    else if (arg === '--engine') {
      const value = argv[++i];
      if (value !== 'dev' && value !== 'cluster') throw new Error(`--engine dev|cluster, not ${value}`);
      options.engine = value;
    } else if (arg === '--shards') {
      const value = argv[++i] ?? '';
      if (!/^\d{1,4}(,\d{1,4})*$/.test(value) || value.split(',').some((n) => Number(n) < 1))
        throw new Error(`--shards takes shard counts like 1,4,16, not ${value}`);
      options.shards = value.split(',').map(Number);
    } else
      throw new Error(
        `unknown argument ${arg}; usage: npm run bench -- [--scale county|township] [--quick] [--only S1,S2,S3,S5,S6,S7] [--engine dev|cluster] [--shards 1,4,16]`,
      );
  }
  // On the cluster the question is the engine's throughput: the fan-out, the interactive path and the timers.
  if (options.engine === 'cluster' && !options.only) options.only = new Set(['S2', 'S3', 'S5']);
  return options;
}

/**
 * TypeORM logs every failed query (logging: ['error'] in libs/persistence), and the projector's
 * retried write conflicts fail queries by the thousand at this scale: count them, print a summary.
 */
const failedQueries = new Map<string, number>();
function quietTypeormErrors(): void {
  const original = console.log.bind(console);
  const escape = String.fromCharCode(27);
  const strip = (text: string) =>
    text
      .split(escape)
      .map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, '')))
      .join('');
  console.log = (...args: unknown[]) => {
    const first = typeof args[0] === 'string' ? strip(args[0]) : '';
    if (first === 'query failed:') return;
    if (first === 'error:') {
      const message = String((args[1] as Error)?.message ?? args[1])
        .replace(/'[^']*'/g, "'…'")
        .slice(0, 120);
      failedQueries.set(message, (failedQueries.get(message) ?? 0) + 1);
      return;
    }
    original(...args);
  };
}

const started = Date.now();
function log(line: string): void {
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
}

function provision(script: string, ...args: string[]): string {
  const output = execFileSync('bash', [path.join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return output.trim().split('\n').at(-1) ?? '';
}

function runMemoryProbe(
  address: string,
  kind: string,
  bundle: string,
  count: number,
): Promise<{ bytesPerWorkflow: number; cached: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '-r',
        path.join(ROOT, 'bin', 'register-dist-paths.js'),
        path.join(__dirname, 'memory-probe.js'),
        address,
        kind,
        bundle,
        String(count),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('exit', (code) => {
      const line = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`memory probe (${kind}) exited with ${code}: ${output}`));
      try {
        resolve(JSON.parse(line) as { bytesPerWorkflow: number; cached: number });
      } catch {
        reject(new Error(`memory probe (${kind}) printed no result: ${output}`));
      }
    });
  });
}

/**
 * S3 for both engines, `rounds` times, the order swapped each round (ours first, then the baseline
 * first, …) so neither always runs in the other's wake; each engine's rounds are combined. Each run
 * starts `settleMs` after the one before: the engine still works off a run's tail (parents' signals,
 * the workflow tasks after each projection) for a while after the read model or sink shows everything.
 */
async function alternatingS3(
  rounds: number,
  settleMs: number,
  run: (round: number, engine: 'ours' | 'baseline') => Promise<S3Result>,
): Promise<{ ours: S3Result; baseline: S3Result }> {
  const ours: S3Result[] = [];
  const baseline: S3Result[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const engine of order) {
      await sleep(settleMs);
      (engine === 'ours' ? ours : baseline).push(await run(round, engine));
    }
    log(
      `  S3 round ${round + 1}: accepted/s ours ${ours[round].acceptedPerSecond.toFixed(1)}, baseline ${baseline[round].acceptedPerSecond.toFixed(1)}; p95 ${ours[round].p95LatencyMs} / ${baseline[round].p95LatencyMs} ms`,
    );
  }
  return { ours: combineS3(ours), baseline: combineS3(baseline) };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  quietTypeormErrors();
  const wants = (id: string) => !options.only || options.only.has(id);
  const tag = `b${Date.now().toString(36)}`;
  const devFlagsName = process.env.BENCH_DEV_SERVER ?? 'tuned';
  const workerName = process.env.BENCH_WORKER ?? 'tuned';
  const devFlags = [
    ...(DEV_SERVER_FLAG_SETS[devFlagsName] ?? []),
    ...(process.env.BENCH_DEV_SERVER_EXTRA ?? '').split(' ').filter(Boolean),
  ];
  const workerOptions = WORKER_OPTION_SETS[workerName];
  if (!DEV_SERVER_FLAG_SETS[devFlagsName] || !workerOptions)
    throw new Error(
      `BENCH_DEV_SERVER is one of ${Object.keys(DEV_SERVER_FLAG_SETS).join('|')}, BENCH_WORKER one of ${Object.keys(WORKER_OPTION_SETS).join('|')}`,
    );
  const shape = options.quick
    ? {
        provinces: (process.env.BENCH_PROVINCES ?? '140000').split(','),
        depth: 'county' as Depth,
        s1Runs: 2,
        s3Rate: Number(process.env.BENCH_S3_RATE ?? 20),
        s3Leaves: Number(process.env.BENCH_S3_LEAVES ?? 40),
        s3LatencyRate: Number(process.env.BENCH_S3_LATENCY_RATE ?? 30),
        s3LatencyLeaves: Number(process.env.BENCH_S3_LATENCY_LEAVES ?? 30),
        s3Rounds: Number(process.env.BENCH_S3_ROUNDS ?? 1),
        s3SettleMs: Number(process.env.BENCH_S3_SETTLE_S ?? 2) * 1000,
        s5: [50],
        s6Provinces: ['140000'],
        s6Runs: 20,
        s7: 100,
        s2Concurrency: 16,
        s5MinSetup: 10,
      }
    : {
        provinces: undefined,
        depth: options.depth,
        s1Runs: 10,
        s3Rate: Number(process.env.BENCH_S3_RATE ?? 120),
        s3Leaves: Number(process.env.BENCH_S3_LEAVES ?? 1000),
        s3LatencyRate: Number(process.env.BENCH_S3_LATENCY_RATE ?? 30),
        s3LatencyLeaves: Number(process.env.BENCH_S3_LATENCY_LEAVES ?? 300),
        s3Rounds: Number(process.env.BENCH_S3_ROUNDS ?? 2),
        s3SettleMs: Number(process.env.BENCH_S3_SETTLE_S ?? 15) * 1000,
        s5: (process.env.BENCH_S5_COUNTS ?? '1000,3000').split(',').map(Number),
        s6Provinces: undefined,
        s6Runs: 100,
        s7: 2000,
        s2Concurrency: 32,
        s5MinSetup: 20,
      };
  log(
    `${options.quick ? 'quick smoke run' : `scale ${options.depth}`}; dev server flags "${devFlagsName}", worker options "${workerName}"`,
  );

  provision('provision-temporal.sh');
  if (options.engine === 'cluster') provision('provision-temporal.sh', 'cluster');
  let mysqlUrl: string | null = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? null;
  if (!mysqlUrl && !options.quick) mysqlUrl = provision('provision-mysql.sh');
  installTemporalRuntime('ERROR');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-bench-temporal-'));
  const server = await startDevServer({
    dataDir,
    uiPort: null,
    extraArgs: devFlags,
    log: (line) => (/level=(ERROR|FATAL)/.test(line) ? log(line) : undefined),
  });
  const cli = locateDevServer().executable;
  const cliPath = cli.type === 'existing-path' ? cli.path : 'temporal';
  const cliVersion = execFileSync(cliPath, ['--version'], { encoding: 'utf8' }).trim();
  log(`dev server ${cliVersion} on ${server.address}`);

  const cleanups: Array<() => Promise<unknown>> = [
    async () => server.stop(),
    async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  ];
  // Ctrl-C or a CI timeout: stop the dev server and drop the databases before leaving.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: cleaning up`);
      void (async () => {
        for (const cleanup of cleanups) await cleanup().catch(() => undefined);
        process.exit(130);
      })();
    });
  }
  const results: BenchResult[] = [];
  const notes: string[] = [];
  let database: BenchDatabase | null = null;
  try {
    log('bundling workflows (ours and the baseline)');
    const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-bench-bundles-'));
    cleanups.push(async () => fs.rmSync(bundleDir, { recursive: true, force: true }));
    const ourBundle = path.join(bundleDir, 'cascade-workflows.js');
    fs.writeFileSync(ourBundle, (await bundleWorkflows()).code);
    const baseBundle = path.join(bundleDir, 'baseline-workflows.js');
    fs.writeFileSync(
      baseBundle,
      (await bundleWorkflowCode({ workflowsPath: path.join(__dirname, 'baseline', 'workflows.js') })).code,
    );

    const units = loadNational();
    const engines = benchEngines(options, server, log);
    for (const engine of engines) {
      const address = await engine.start();
      log(`engine ${engine.label}: ${engine.describe} on ${address}`);
      // What this engine's run started, stopped before the engine itself (and on Ctrl-C through cleanups).
      const engineCleanups: Array<() => Promise<unknown>> = [];
      const endEngine = async () => {
        for (const cleanup of engineCleanups.splice(0))
          await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
        await engine.stop();
      };
      cleanups.unshift(endEngine);
      try {
        database = await createBenchDatabase(mysqlUrl, engine.label.replace(/\W/g, '_'));
        const db = database;
        engineCleanups.push(() => db.drop());
        log(`read model on ${database.label}: migrating, importing ${units.all.length} units`);
        await prepareDatabase(database.config, units.all);

        const stack = await startCascadeStack({
          address,
          database: database.config,
          taskQueue: `bench-cascade-${tag}`,
          workflowBundlePath: ourBundle,
          workerOptions,
        });
        engineCleanups.unshift(() => stack.close());
        const sink = new BaselineSink();
        const native = await NativeConnection.connect({ address });
        const baseWorker = await Worker.create({
          connection: native,
          taskQueue: `bench-base-${tag}`,
          workflowBundle: { codePath: baseBundle },
          activities: sink.activities(),
          ...workerOptions,
        });
        const baseRunning = baseWorker.run();
        engineCleanups.unshift(async () => {
          baseWorker.shutdown();
          await baseRunning;
          await native.close();
        });
        const connection = await Connection.connect({ address });
        engineCleanups.unshift(() => connection.close());
        const client = new Client({ connection });
        const baseHttp = await startBaselineHttp(client);
        engineCleanups.unshift(() => baseHttp.close());
        const ours = cascadeDriver(client, stack.dataSource, stack.taskQueue, stack.baseUrl);
        const base = baselineDriver(client, sink, `bench-base-${tag}`, baseHttp.baseUrl);
        const both: Driver[] = [ours, base];

        const add = (result: BenchResult) => {
          // Engines compared: each result names its engine (S3-throughput@cluster-16), also in a run of clusters alone.
          if (options.engine === 'cluster') result = { ...result, id: `${result.id}@${engine.label}` };
          results.push(result);
          log(
            `${result.id} ${result.metric}: ${format(result.value)} ${result.unit}${result.baseline !== undefined ? ` (baseline ${format(result.baseline)}, ratio ${format(result.ratio ?? null)})` : ''} ${result.pass === null ? '' : result.pass ? 'PASS' : 'MISS'}`,
          );
        };
        const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : null);

        if (wants('S1')) {
          log(`S1: ministry → 31 provinces, each acknowledges (${shape.s1Runs} runs each)`);
          const [o, b] = [await runS1(ours, units, tag, shape.s1Runs), await runS1(base, units, tag, shape.s1Runs)];
          add({
            id: 'S1',
            metric: 'p95 issue → 31 provinces acknowledged',
            value: o.p95Ms,
            unit: 'ms',
            target: null,
            baseline: b.p95Ms,
            ratio: ratio(o.p95Ms, b.p95Ms),
            pass: null,
          });
        }

        const s2: Partial<Record<Driver['label'], S2Result>> = {};
        const scope = cascadeScope(units, shape.depth, shape.provinces);
        if (wants('S2') || wants('S3') || wants('S5')) {
          log(
            `S2: full fan-out to every ${shape.depth} (${scope.length} assignments${shape.provinces ? `, provinces ${shape.provinces.join(',')}` : ''})`,
          );
          for (const driver of both) {
            s2[driver.label] = await runS2(
              driver,
              units,
              scope,
              tag,
              shape.s2Concurrency,
              shape.depth === 'township' ? 3_600_000 : 900_000,
              log,
            );
            const r = s2[driver.label]!;
            log(
              `  ${driver.label}: ${r.assignments} delivered in ${r.deliveredSeconds.toFixed(1)} s (forwards answered after ${r.startedSeconds.toFixed(1)} s)${r.complete ? '' : ' — INCOMPLETE'}`,
            );
          }
          const o = s2.cascade!;
          const b = s2.baseline!;
          const limit = shape.depth === 'township' ? 600 : 60;
          const scaleLabel = options.quick ? 'quick (山西 to counties)' : shape.depth;
          add({
            id: `S2-${options.quick ? 'quick' : shape.depth}-time`,
            metric: `time until all ${o.assignments} assignments DELIVERED (${scaleLabel})`,
            value: o.deliveredSeconds,
            unit: 's',
            target: `≤ ${limit} s`,
            baseline: b.deliveredSeconds,
            ratio: ratio(o.deliveredSeconds, b.deliveredSeconds),
            pass: o.complete && o.deliveredSeconds <= limit,
          });
          const rateRatio = ratio(o.perSecond, b.perSecond);
          add({
            id: `S2-${options.quick ? 'quick' : shape.depth}-rate`,
            metric: `assignments started per second (${scaleLabel})`,
            value: o.perSecond,
            unit: 'assignments/s',
            target: '≥ 0.7 × baseline',
            baseline: b.perSecond,
            ratio: rateRatio,
            pass: rateRatio !== null && rateRatio >= 0.7,
          });
        }

        if (wants('S3') && s2.cascade && s2.baseline) {
          // Each round takes its own leaves; the latency runs (a moderate offered rate) those after the throughput runs'.
          const rounds = shape.s3Rounds;
          const leavesOf = (r: S2Result, round: number) =>
            r.leaves.slice(round * shape.s3Leaves, (round + 1) * shape.s3Leaves);
          const calmFrom = rounds * shape.s3Leaves;
          const calmLeavesOf = (r: S2Result, round: number) =>
            r.leaves.slice(calmFrom + round * shape.s3LatencyLeaves, calmFrom + (round + 1) * shape.s3LatencyLeaves);
          const ourLeaves = leavesOf(s2.cascade, 0);
          log(
            `S3: ${ourLeaves.length} acknowledgements then ${ourLeaves.length} reports over HTTP at ${shape.s3Rate}/s offered, ${rounds} round(s) each`,
          );
          const tokens = new Map<string, string>();
          const repository = stack.app.get(TokensRepository);
          const tokenLeaves = s2.cascade.leaves.slice(0, calmFrom + rounds * shape.s3LatencyLeaves);
          for (let i = 0; i < tokenLeaves.length; i += 100) {
            const batch = tokenLeaves.slice(i, i + 100);
            const issued = await Promise.all(
              batch.map((leaf) => repository.create({ unitCode: leaf.unit.code, role: 'clerk', name: 'bench S3' })),
            );
            batch.forEach((leaf, k) => tokens.set(leaf.unit.code, issued[k].token));
          }
          // Both engines, each on the leaves of its own S2 tree.
          const bothS3 = (leavesFor: typeof leavesOf, rate: number) =>
            alternatingS3(rounds, shape.s3SettleMs, (round, engine) => {
              const [driver, tree] = engine === 'ours' ? [ours, s2.cascade!] : [base, s2.baseline!];
              return runS3(driver, leavesFor(tree, round), rate, tokens);
            });
          const { ours: o, baseline: b } = await bothS3(leavesOf, shape.s3Rate);
          for (const [label, r] of [
            ['cascade', o],
            ['baseline', b],
          ] as const) {
            if (r.errors.length)
              notes.push(
                `S3 ${label}: ${r.operations - r.accepted} of ${r.operations} refused, e.g. ${r.errors.join('; ')}`,
              );
          }
          add({
            id: 'S3-throughput',
            metric: `accepted operations per second (offered ${shape.s3Rate}/s, ${o.operations} ops)`,
            value: o.acceptedPerSecond,
            unit: 'ops/s',
            target: '≥ 100 ops/s',
            baseline: b.acceptedPerSecond,
            ratio: ratio(o.acceptedPerSecond, b.acceptedPerSecond),
            pass: o.acceptedPerSecond >= 100 && o.accepted === o.operations,
          });
          add({
            id: 'S3-latency',
            metric: 'p95 HTTP latency of acknowledge/report',
            value: o.p95LatencyMs,
            unit: 'ms',
            target: '≤ 100 ms',
            baseline: b.p95LatencyMs,
            ratio: ratio(o.p95LatencyMs, b.p95LatencyMs),
            pass: o.p95LatencyMs <= 100,
          });
          const calm = calmLeavesOf(s2.cascade, 0);
          if (shape.s3LatencyRate > 0 && calm.length) {
            log(
              `S3 latency: ${calm.length} acknowledgements then ${calm.length} reports at ${shape.s3LatencyRate}/s, ${rounds} round(s) each`,
            );
            const { ours: oc, baseline: bc } = await bothS3(calmLeavesOf, shape.s3LatencyRate);
            if (oc.errors.length) notes.push(`S3 at ${shape.s3LatencyRate}/s: ${oc.errors.join('; ')}`);
            add({
              id: `S3-latency-${shape.s3LatencyRate}`,
              metric: `p95 HTTP latency of acknowledge/report at ${shape.s3LatencyRate}/s offered (${oc.operations} ops)`,
              value: oc.p95LatencyMs,
              unit: 'ms',
              target: '≤ 150 ms',
              baseline: bc.p95LatencyMs,
              ratio: ratio(oc.p95LatencyMs, bc.p95LatencyMs),
              pass: oc.p95LatencyMs <= 150 && oc.accepted === oc.operations,
            });
            add({
              id: `S3-lag-${shape.s3LatencyRate}`,
              metric: `p95 lag until the read model shows it at ${shape.s3LatencyRate}/s offered`,
              value: oc.p95LagMs,
              unit: 'ms',
              target: null,
              baseline: bc.p95LagMs,
              ratio: ratio(oc.p95LagMs, bc.p95LagMs),
              pass: null,
            });
          }
          add({
            id: 'S3-lag',
            metric: 'p95 lag from request until the read model shows it',
            value: o.p95LagMs,
            unit: 'ms',
            target: null,
            baseline: b.p95LagMs,
            ratio: ratio(o.p95LagMs, b.p95LagMs),
            pass: null,
          });
        }

        if (wants('S5')) {
          const recipients = units.all.filter(
            (unit) => unit.level === 'county' || unit.level === 'city' || unit.level === 'township',
          );
          for (const count of shape.s5) {
            log(`S5: ${count} deadlines at the same instant`);
            const r: Record<string, Awaited<ReturnType<typeof runS5>>> = {};
            for (const driver of both) {
              const rate = s2[driver.label]?.perSecond ?? Number(process.env.BENCH_S5_RATE ?? 10);
              // S2's rate is a pipelined fan-out; S5 starts up to 1,000 children per parent, which the
              // server serialises on each parent: a third of the rate, plus slack, keeps delivery before the
              // storm (half of it was too little once S2 reached ~100/s: 3,000 were delivered 28 s late).
              const setupSeconds = Math.max(shape.s5MinSetup, Math.ceil((count / rate) * 3 + 15));
              r[driver.label] = await runS5(driver, recipients, count, tag, setupSeconds, log);
              if (r[driver.label].setupOverran)
                notes.push(
                  `S5 ${count} ${driver.label}: starting the assignments took longer than the margin; the deadline passed before all were delivered`,
                );
            }
            const o = r.cascade;
            const b = r.baseline;
            add({
              id: `S5-${count}-time`,
              metric: `${count} level-1 escalations in the read model, after the deadline`,
              value: o.seconds,
              unit: 's',
              target: '≤ 60 s',
              baseline: b.seconds,
              ratio: ratio(o.seconds, b.seconds),
              pass: o.seconds <= 60 && o.lost === 0,
            });
            add({
              id: `S5-${count}-lost`,
              metric: `${count} deadlines: escalations lost`,
              value: o.lost,
              unit: 'count',
              target: '0',
              baseline: b.lost,
              pass: o.lost === 0,
            });
            add({
              id: `S5-${count}-duplicated`,
              metric: `${count} deadlines: escalations duplicated`,
              value: o.duplicated,
              unit: 'count',
              target: '0',
              baseline: b.duplicated,
              pass: o.duplicated === 0,
            });
          }
        }

        if (wants('S6')) {
          const readDb = await createBenchDatabase(mysqlUrl, 's6');
          engineCleanups.push(() => readDb.drop());
          const readScope = cascadeScope(units, 'township', shape.s6Provinces);
          log(
            `S6: seeding the read model of one cascade to every township (${readScope.length} assignments) on ${readDb.label}`,
          );
          await prepareDatabase(readDb.config, units.all);
          const api = await startApiOnly(address, readDb.config);
          engineCleanups.unshift(() => api.close());
          const seeded = await seedNationalReadModel(api.dataSource, units, readScope, `${tag}-s6`);
          const county = units.all.find((unit) => unit.level === 'county' && unit.path.includes('/140000/'))!;
          const reads = await measureReads(
            api.baseUrl,
            api.dataSource,
            `${tag}-s6`,
            '140000',
            county.code,
            shape.s6Runs,
          );
          const on = `${seeded.assignments} assignments, ${readDb.label}`;
          add({
            id: 'S6-escalations',
            metric: `p95 GET /api/escalations?under=140000 (${reads.escalationsTotal} open; ${on})`,
            value: reads.escalationsP95,
            unit: 'ms',
            target: '≤ 50 ms',
            pass: reads.escalationsP95 <= 50,
          });
          add({
            id: 'S6-tree',
            metric: `p95 GET /api/directives/{山西's forward}/tree (${reads.treeNodes} nodes; ${on})`,
            value: reads.treeP95,
            unit: 'ms',
            target: '≤ 200 ms',
            pass: reads.treeP95 <= 200,
          });
          add({
            id: 'S6-inbox',
            metric: `p95 GET /api/units/${county.code}/inbox (${on})`,
            value: reads.inboxP95,
            unit: 'ms',
            target: '≤ 50 ms',
            pass: reads.inboxP95 <= 50,
          });
        }

        if (wants('S7')) {
          log(`S7: worker memory with ${shape.s7} idle cached workflows (a worker process of its own)`);
          const o = await runMemoryProbe(address, 'cascade', ourBundle, shape.s7);
          const b = await runMemoryProbe(address, 'baseline', baseBundle, shape.s7);
          const kib = (bytes: number) => bytes / 1024;
          add({
            id: 'S7',
            metric: `worker RSS growth per cached workflow (${o.cached} cached)`,
            value: kib(o.bytesPerWorkflow),
            unit: 'KiB',
            target: '≤ 1024 KiB',
            baseline: kib(b.bytesPerWorkflow),
            ratio: ratio(o.bytesPerWorkflow, b.bytesPerWorkflow),
            pass: o.bytesPerWorkflow <= 1024 * 1024,
          });
        }
      } finally {
        await endEngine();
        cleanups.splice(cleanups.indexOf(endEngine), 1);
      }
    }

    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      temporalCli: cliVersion,
      devServerFlags: [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        '<free>',
        '--namespace',
        'default',
        '--db-filename',
        '<tmp>/temporal.db',
        '--log-level',
        'warn',
        '--headless',
        ...devFlags,
      ].join(' '),
      devServerFlagSet: devFlagsName,
      workerOptions: { set: workerName, ...workerOptions },
      readModel: database?.label ?? '—',
      engines:
        options.engine === 'cluster'
          ? [...(process.env.BENCH_CLUSTER_ONLY === '1' ? [] : ['dev']), ...options.shards.map((n) => `cluster-${n}`)]
          : ['dev'],
    };
    const run = {
      date: new Date().toISOString(),
      mode: options.quick ? 'quick' : options.depth,
      seconds: Math.round((Date.now() - started) / 1000),
      notes,
    };
    for (const [message, count] of failedQueries)
      notes.push(`${count} failed read-model queries (retried by the projector): ${message}`);
    printTable(results);
    for (const note of notes) console.log(`note: ${note}`);
    // Engine comparisons go to cluster-latest.json: latest.json stays the dev server's full run.
    const written = writeResults(
      path.join(ROOT, 'bench', 'results'),
      { machine, run, results },
      options.quick,
      options.engine === 'cluster' ? 'cluster-' : '',
    );
    log(`wrote ${written.join(', ')}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

function format(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
