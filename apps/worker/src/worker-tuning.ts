import type { WorkerOptions } from '@temporalio/worker';

/**
 * The worker's slots, pollers and sticky cache, chosen by measurement (docs/benchmarks.md, "Worker
 * tuning"). The bench runs its workers with these same options, so its figures are production's.
 */
export const WORKER_TUNING: Partial<WorkerOptions> = {
  // Every workflow of a county-sized run stays cached: an evicted workflow is replayed from its whole
  // history on its next task, which costs more CPU than the ~300 KiB it keeps in memory.
  maxCachedWorkflows: 10_000,
};
