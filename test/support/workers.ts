import { randomUUID } from 'node:crypto';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { workflowBundlerOptions } from '@cascade/temporal';

/** A fresh task queue per test, so workers of different tests never share work. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** A worker on the project's real workflow bundle. */
export function createTestWorker(
  connection: NativeConnection,
  taskQueue: string,
  options: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({ connection, taskQueue, ...workflowBundlerOptions(), ...options });
}
