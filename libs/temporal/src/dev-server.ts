import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { freePort } from './free-port';
import { locateDevServer } from './engine-locator';

export interface DevServerOptions {
  /** Directory for temporal.db (kept across restarts) and the pid file. */
  dataDir: string;
  namespace?: string;
  /** Preferred gRPC port (a free one is chosen when it is taken). */
  port?: number | null;
  /** Preferred Web UI port; null turns the UI off. */
  uiPort?: number | null;
  /** Milliseconds to wait for the server to answer. */
  startTimeoutMs?: number;
  /**
   * Extra `temporal server start-dev` flags appended after the defaults, e.g.
   * `['--dynamic-config-value', 'frontend.rps=5000', '--sqlite-pragma', 'synchronous=OFF']`
   * (benchmarks tune the engine this way); none by default.
   */
  extraArgs?: readonly string[];
  log?: (line: string) => void;
}

/** A Temporal CLI dev server started and owned by this process. */
export interface RunningDevServer {
  address: string;
  uiUrl: string | null;
  pid: number;
  stop(): Promise<void>;
}

const PID_FILE = 'temporal-dev-server.pid';

/** A dev server left behind by a killed Cascade holds the SQLite file: end it before starting anew. */
function killStaleServer(dataDir: string, log: (line: string) => void): void {
  const pidFile = path.join(dataDir, PID_FILE);
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes('start-dev')) return;
    process.kill(pid, 'SIGTERM');
    log(`stopped a dev server left running by an earlier run (pid ${pid})`);
  } catch {
    // Not running any more, or not ours to inspect: nothing to clean up.
  }
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the Temporal dev server exited with code ${child.exitCode} while starting`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${String(lastError)}`);
}

function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the provisioned Temporal CLI dev server with its data in `dataDir/temporal.db`,
 * so a restart resumes every running workflow.
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const log = options.log ?? (() => undefined);
  const located = locateDevServer();
  if (located.executable.type !== 'existing-path') {
    throw new Error(
      'no Temporal CLI found: run scripts/provision-temporal.sh, set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to an existing server',
    );
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  killStaleServer(options.dataDir, log);

  const host = '127.0.0.1';
  const port = await freePort(options.port ?? 7233, host);
  const uiPort = options.uiPort === null ? null : await freePort(options.uiPort ?? 8233, host);
  const args = [
    'server',
    'start-dev',
    '--ip',
    host,
    '--port',
    String(port),
    '--namespace',
    options.namespace ?? 'default',
    '--db-filename',
    path.join(options.dataDir, 'temporal.db'),
    '--log-level',
    'warn',
  ];
  if (uiPort === null) args.push('--headless');
  else args.push('--ui-ip', host, '--ui-port', String(uiPort));
  args.push(...(options.extraArgs ?? []));

  const child = spawn(located.executable.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(`[temporal] ${line}`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  if (!child.pid) throw new Error(`could not start ${located.executable.path}`);
  fs.writeFileSync(path.join(options.dataDir, PID_FILE), String(child.pid));

  const address = `${host}:${port}`;
  try {
    await waitUntilServing(address, child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  log(`Temporal dev server ${located.executable.path} (${located.source}) serving on ${address}`);

  return {
    address,
    uiUrl: uiPort === null ? null : `http://${host}:${uiPort}`,
    pid: child.pid,
    async stop() {
      await stopChild(child);
      fs.rmSync(path.join(options.dataDir, PID_FILE), { force: true });
    },
  };
}
