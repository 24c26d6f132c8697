import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunningDevServer } from '@cascade/temporal';

const ROOT = path.resolve(__dirname, '../../..');

/** A Temporal server the scenarios run on, one after the other in the same run. */
export interface BenchEngine {
  label: string;
  describe: string;
  /** Starts the engine (the dev server is already up) and resolves with its frontend address. */
  start(): Promise<string>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  engine: 'dev' | 'cluster';
  shards: number[];
}

function clusterScript(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'bash',
      [path.join(ROOT, 'scripts', 'cluster', 'temporal.sh'), ...args],
      { env: { ...process.env, ...env }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? reject(new Error(`temporal.sh ${args.join(' ')}: ${stderr.trim()}`)) : resolve(stdout.trim()),
    ),
  );
}

/**
 * The dev server, then with `--engine cluster` a fresh Temporal cluster on PostgreSQL per shard count
 * (scripts/cluster/temporal.sh: a cluster's shard count is fixed at creation). The cluster runs as one
 * process unless BENCH_CLUSTER_SPLIT=1: four Go processes cost more than one on two cores.
 */
export function benchEngines(
  options: EngineOptions,
  devServer: RunningDevServer,
  log: (line: string) => void,
): BenchEngine[] {
  const dev: BenchEngine = {
    label: 'dev',
    describe: 'Temporal CLI dev server (SQLite, 1 history shard)',
    start: async () => devServer.address,
    // Stopped once measured, so it takes no CPU from the clusters.
    stop: () => (options.engine === 'cluster' ? devServer.stop() : Promise.resolve()),
  };
  if (options.engine === 'dev') return [dev];
  const split = process.env.BENCH_CLUSTER_SPLIT === '1';
  // BENCH_CLUSTER_ONLY=1: the clusters alone (the dev server measured by an earlier run); its idle server is
  // stopped before the first cluster starts, so it takes no CPU from them.
  const clusterOnly = process.env.BENCH_CLUSTER_ONLY === '1';
  return [
    ...(clusterOnly ? [] : [dev]),
    ...options.shards.map((shards): BenchEngine => {
      let env: NodeJS.ProcessEnv | null = null;
      return {
        label: `cluster-${shards}`,
        describe: `Temporal server v1.29.1 on PostgreSQL, ${shards} history shard${shards > 1 ? 's' : ''}, ${split ? 'four service processes' : 'one process'}`,
        async start() {
          if (clusterOnly) await devServer.stop();
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cascade-bench-cluster-${shards}-`));
          fs.chmodSync(dir, 0o755); // PostgreSQL runs as the postgres account when the bench runs as root.
          env = {
            CASCADE_CLUSTER_DIR: dir,
            CASCADE_PG_PORT: process.env.BENCH_PG_PORT ?? '54339',
            CASCADE_TEMPORAL_PORT: process.env.BENCH_CLUSTER_PORT ?? '7933',
            CASCADE_TEMPORAL_SHARDS: String(shards),
          };
          const started = await clusterScript(env, ['start', '--fresh', ...(split ? ['--split'] : [])]);
          return started.split('\n').at(-1) ?? '';
        },
        async stop() {
          if (!env) return;
          await clusterScript(env, ['stop']).catch((error: unknown) => log(String(error)));
          fs.rmSync(env.CASCADE_CLUSTER_DIR as string, { recursive: true, force: true });
          env = null;
        },
      };
    }),
  ];
}
