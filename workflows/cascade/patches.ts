import { patched } from '@temporalio/workflow';

/**
 * The `patched()` changes of the cascade workflows, each with the generation from which new
 * workflows start with it in effect (libs/contracts WORKFLOW_GENERATION; test/support/histories.ts
 * keeps a recorded history of every generation).
 */
export const PATCH_GENERATIONS = {
  /** The parent records its children's deliveries in batches (workflows/cascade/delivery.ts). */
  'parent-records-delivery': 2,
  /** A forward records its acknowledgement, the new directive and the forward in one call, and tells the parent once. */
  'forward-recorded-once': 2,
  /** A child's signal wakes the parent's timer loop only when it may end it or continue-as-new is due. */
  'steady-step-timer': 2,
  /** The forward's review runs as a local activity. */
  'local-forward-review': 3,
  /** The projection activity signals the parent, not the workflow itself. */
  'parent-told-by-projection': 4,
} as const;

export type PatchId = keyof typeof PATCH_GENERATIONS;

/**
 * Whether a change is in effect for a workflow started under `generation`: always from its start
 * when that generation includes it (no marker); else as `patched()` decides (a marker when new).
 */
export function inEffect(patch: PatchId, generation: number | undefined): boolean {
  return (generation ?? 0) >= PATCH_GENERATIONS[patch] || patched(patch);
}
