import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { createTestWorker, uniqueTaskQueue } from '../test/support/workers';
import { engineCheckWorkflow } from './engine-check.workflow';

const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;

describe('engine check on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs the real test server with time skipping', () => {
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it('finishes a parent whose child sleeps 30 days, skipping the time', async () => {
    const taskQueue = uniqueTaskQueue();
    const worker = await createTestWorker(env.nativeConnection, taskQueue);
    const workflowId = `engine-check:${randomUUID()}`;
    const engineTimeBefore = await env.currentTimeMs();

    const result = await worker.runUntil(
      env.client.workflow.execute(engineCheckWorkflow, {
        workflowId,
        taskQueue,
        args: [{ childSleepMs: THIRTY_DAYS_MS, token: 'seed-169' }],
      }),
    );

    expect(result.token).toBe('seed-169');
    expect(result.childWorkflowId).toBe(`${workflowId}:child`);
    expect(result.sleptMs).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);
    expect((await env.currentTimeMs()) - engineTimeBefore).toBeGreaterThanOrEqual(THIRTY_DAYS_MS);

    const child = await env.client.workflow.getHandle(result.childWorkflowId).describe();
    expect(child.status.name).toBe('COMPLETED');
    expect(child.parentExecution?.workflowId).toBe(workflowId);
  });
});
