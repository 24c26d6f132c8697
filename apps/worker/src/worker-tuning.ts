import { getHeapStatistics } from 'node:v8';
import type { WorkerOptions } from '@temporalio/worker';

/** Memory a cached workflow holds at county scale (docs/benchmarks.md, S7). */
const CACHED_WORKFLOW_BYTES = 300 * 1024;
/** Heap kept free of the cache for activities, the SDK and the process itself. */
const HEAP_RESERVE_BYTES = 512 * 1024 * 1024;
const MOST_CACHED_WORKFLOWS = 10_000;

/** As many workflows as the heap holds beside its reserve, at most 10,000 (a whole county run). */
export function cachedWorkflowsFor(heapLimitBytes: number): number {
  const fitting = Math.floor((heapLimitBytes - HEAP_RESERVE_BYTES) / CACHED_WORKFLOW_BYTES);
  return Math.max(100, Math.min(MOST_CACHED_WORKFLOWS, fitting));
}

/**
 * The worker's slots, pollers and sticky cache, chosen by measurement (docs/benchmarks.md, "Worker
 * tuning"). The bench runs its workers with these same options, so its figures are production's.
 */
export const WORKER_TUNING: Partial<WorkerOptions> = {
  // An evicted workflow is replayed from its whole history on its next task, which costs more CPU than
  // the memory it keeps; the heap bounds it so that a small worker is not pushed out of memory.
  maxCachedWorkflows: cachedWorkflowsFor(getHeapStatistics().heap_size_limit),
};
