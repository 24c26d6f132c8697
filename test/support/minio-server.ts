import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@cascade/temporal';

const ROOT = path.resolve(__dirname, '../..');

/** A MinIO server process of a test's own: its own port and data directory, removed at the end. */
export interface MinioServer {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  /** An `s3://` storage URL for a bucket on this server. */
  storageUrl(bucket: string): string;
  /** Kills the process (the data directory stays), as an outage would. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/** The provisioned MinIO executable (scripts/provision-minio.sh), or null when there is none. */
export function minioExecutable(): string | null {
  const candidates = [process.env.MINIO_PATH, path.join(ROOT, '.tools/bin/minio')];
  return candidates.find((candidate) => candidate && fs.existsSync(candidate)) ?? null;
}

/** Whether the S3 backend's suites run: where MinIO is provisioned, and always in CI (where its absence fails them). */
export function minioWanted(): boolean {
  return minioExecutable() !== null || process.env.CI === 'true';
}

export async function startMinio(): Promise<MinioServer> {
  const executable = minioExecutable();
  if (!executable) throw new Error('MinIO is not provisioned: run scripts/provision-minio.sh (or set MINIO_PATH)');
  const port = await freePort();
  const consolePort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-minio-'));
  const accessKey = 'cascade-test';
  const secretKey = 'cascade-test-secret';
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const log = fs.openSync(path.join(dataDir, '..', `${path.basename(dataDir)}.log`), 'a');
    child = spawn(
      executable,
      ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'],
      {
        env: { ...process.env, MINIO_ROOT_USER: accessKey, MINIO_ROOT_PASSWORD: secretKey, MINIO_BROWSER: 'off' },
        stdio: ['ignore', log, log],
      },
    );
    fs.closeSync(log);
    await waitUntilLive(endpoint, child);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    endpoint,
    accessKey,
    secretKey,
    storageUrl: (bucket) => `s3://${accessKey}:${secretKey}@${bucket}?endpoint=${encodeURIComponent(endpoint)}`,
    stop,
    start,
    dispose: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilLive(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`MinIO exited with code ${child.exitCode} before it was ready`);
    const live = await fetch(`${endpoint}/minio/health/live`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`MinIO did not answer at ${endpoint} within 60 s`);
}
