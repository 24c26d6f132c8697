import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT } from '../../faults/support/processes';

/** Where and on which ports the scripts of scripts/cluster/ run one test's cluster. */
export interface ClusterPlacement {
  dir: string;
  pgPort: number;
  /** Frontend gRPC port; the other services take the next 23 ports (scripts/cluster/temporal.sh). */
  temporalPort: number;
  shards: number;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first port from `from` (in steps of `width`) that starts `width` free ports in a row. */
export async function freePortRange(from: number, width: number): Promise<number> {
  for (let base = from; base + width < 65_000; base += width) {
    const free = await Promise.all(Array.from({ length: width }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${width} free ports in a row from ${from}`);
}

/** Runs one of scripts/cluster/*.sh for this placement; resolves with its stdout, rejects with its stderr. */
export function clusterScript(
  placement: ClusterPlacement,
  script: string,
  args: string[],
  log: string,
): Promise<string> {
  const env = {
    ...process.env,
    CASCADE_CLUSTER_DIR: placement.dir,
    CASCADE_PG_PORT: String(placement.pgPort),
    CASCADE_TEMPORAL_PORT: String(placement.temporalPort),
    CASCADE_TEMPORAL_SHARDS: String(placement.shards),
  };
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [path.join(ROOT, 'scripts', 'cluster', `${script}.sh`), ...args],
      { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        fs.appendFileSync(log, `$ ${script}.sh ${args.join(' ')}\n${stderr}${stdout}`);
        if (error)
          reject(
            new Error(`${script}.sh ${args.join(' ')} failed: ${stderr.trim().split('\n').slice(-5).join(' | ')}`),
          );
        else resolve(stdout.trim());
      },
    );
  });
}
