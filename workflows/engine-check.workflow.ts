import { executeChild, sleep, workflowInfo } from '@temporalio/workflow';
import type { EngineCheckInput, EngineCheckResult } from '@cascade/contracts';

/** Sleeps on a durable timer: proves timers work (and skip) on the engine in use. */
export async function engineCheckChildWorkflow(sleepMs: number): Promise<number> {
  const startedAt = Date.now();
  await sleep(sleepMs);
  return Date.now() - startedAt;
}

/** Starts one child workflow and waits for it: the smallest real cascade. */
export async function engineCheckWorkflow(input: EngineCheckInput): Promise<EngineCheckResult> {
  const childWorkflowId = `${workflowInfo().workflowId}:child`;
  const sleptMs = await executeChild(engineCheckChildWorkflow, {
    workflowId: childWorkflowId,
    args: [input.childSleepMs],
  });
  return { token: input.token, childWorkflowId, sleptMs };
}
