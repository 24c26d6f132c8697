import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@cascade/temporal';
import { killProcess, provisionedExecutable, serverWanted, waitUntilAnswering } from './server-process';

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
  return provisionedExecutable('minio', 'MINIO_PATH');
}

/** Whether the S3 backend's suites run: where MinIO is provisioned, and always in CI. */
export function minioWanted(): boolean {
  return serverWanted(minioExecutable());
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
    await waitUntilAnswering('MinIO', `${endpoint}/minio/health/live`, child);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    await killProcess(running);
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
