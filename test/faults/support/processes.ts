import { type ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

/** A child process with its output kept in a log file (the fault report points at it). */
export interface Managed {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
  /** Rejects when the process ends by itself (a crash), not through kill9() or stop(). */
  crashed: Promise<never>;
  /** kill -9. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logDir: string,
): Managed {
  const log = path.join(logDir, `${name}.log`);
  const out = fs.openSync(log, 'a');
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ending = false;
  const crashed = new Promise<never>((_, reject) => {
    void exited.then((code) => {
      if (!ending) reject(new Error(`${name} exited by itself (code ${code}, signal ${child.signalCode}): see ${log}`));
    });
  });
  crashed.catch(() => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    log,
    exited,
    crashed,
    async kill9() {
      ending = true;
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      ending = true;
      if (!alive()) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** A compiled Cascade entry point (`npm run build` first): the worker or the API alone. */
export function startCascadeProcess(
  name: string,
  entry: 'worker' | 'api',
  env: NodeJS.ProcessEnv,
  logDir: string,
): Managed {
  const main = path.join(ROOT, 'dist', 'apps', entry, 'src', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  return startProcess(
    name,
    process.execPath,
    ['-r', path.join(ROOT, 'bin', 'register-dist-paths.js'), main],
    env,
    logDir,
  );
}

/** Runs a command to its end without blocking the event loop (set-up steps run side by side). */
function run(command: string, args: string[]): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'utf8' }, (error, _stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
    });
  });
}

/** Resolves once `log` contains `text` (a process announcing it is ready), polling the file every 100 ms. */
export function logContains(log: string, text: string, timeoutMs: number): Promise<void> {
  return waitFor(
    `"${text}" in ${path.basename(log)}`,
    async () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').includes(text) : false),
    (found) => found,
    timeoutMs,
    100,
  ).then(() => undefined);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined;
    let failure: unknown;
    try {
      value = await probe();
      if (done(value)) return value;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not reached within ${timeoutMs} ms (last: ${failure ? String(failure) : JSON.stringify(value)})`,
      );
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A MariaDB server of its own (data dir under `dir`, its own port and socket), so stopping it for
 * the outage fault never disturbs the MariaDB other suites share.
 */
export interface PrivateMariadb {
  url(database: string): string;
  socket: string;
  start(): Promise<void>;
  /** `mysqladmin shutdown`: a clean stop, the data kept. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function createPrivateMariadb(dir: string, port: number, logDir: string): Promise<PrivateMariadb> {
  const dataDir = path.join(dir, 'mariadb');
  const socket = path.join(dir, 'mariadb.sock');
  const install = await run('mariadb-install-db', [
    '--no-defaults',
    `--datadir=${dataDir}`,
    '--user=root',
    '--auth-root-authentication-method=normal',
    '--skip-test-db',
  ]);
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  let server: Managed | null = null;
  let starts = 0;
  const client = (sql: string) => run('mariadb', ['--no-defaults', '-S', socket, '-uroot', '-e', sql]);
  const db: PrivateMariadb = {
    socket,
    url: (database) => `mysql://faults:faults@127.0.0.1:${port}/${database}`,
    async start() {
      starts += 1;
      server = startProcess(
        `mariadb-${starts}`,
        'mariadbd',
        [
          '--no-defaults',
          `--datadir=${dataDir}`,
          '--user=root',
          `--port=${port}`,
          '--bind-address=127.0.0.1',
          `--socket=${socket}`,
          `--pid-file=${path.join(dir, 'mariadb.pid')}`,
          '--skip-log-bin',
          '--innodb-buffer-pool-size=128M',
          '--max-connections=500',
        ],
        {},
        logDir,
      );
      await waitFor(
        'MariaDB answers',
        async () => (await client('SELECT 1')).status,
        (status) => status === 0,
        60_000,
        100,
      );
    },
    async stop() {
      await run('mysqladmin', ['--no-defaults', '-S', socket, '-uroot', 'shutdown']);
      await server?.exited;
    },
    async destroy() {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await db.start();
  const grant = await client(
    "CREATE USER 'faults'@'127.0.0.1' IDENTIFIED BY 'faults'; GRANT ALL PRIVILEGES ON *.* TO 'faults'@'127.0.0.1'; CREATE DATABASE cascade_faults CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;",
  );
  if (grant.status !== 0) throw new Error(`could not prepare the private MariaDB: ${grant.stderr}`);
  return db;
}
