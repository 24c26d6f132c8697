import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CascadeActivities } from '@cascade/contracts';
import { inEffect } from './patches';

/**
 * Projection writes must never be lost: they retry until the database is back (idempotent by
 * event id, DESIGN.md Temporal rule 7). Deliberately an activity task, not a local activity: a
 * local activity runs before the server accepts its workflow task, and a task lost with the
 * server (fault (b)) is re-run on another timeline where `{workflowId}#{seq}` may name another
 * event — the projection would keep a phantom and skip the real one. Tried and found that way.
 */
export const { recordEvents } = proxyActivities<Pick<CascadeActivities, 'recordEvents'>>({
  startToCloseTimeout: '30 seconds',
  // A few seconds at most between tries: the read model catches up soon after the database is back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** Checks that answer an Update: a user is waiting, so they give up after a few tries. */
const CHECK_OPTIONS = { startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', maximumAttempts: 5 } } as const;

export const { proposeForwardDeadline } = proxyActivities<Pick<CascadeActivities, 'proposeForwardDeadline'>>(CHECK_OPTIONS);

const { reviewForward: reviewForwardAsTask } = proxyActivities<Pick<CascadeActivities, 'reviewForward'>>(CHECK_OPTIONS);
const { reviewForward: reviewForwardInWorker } = proxyLocalActivities<Pick<CascadeActivities, 'reviewForward'>>(CHECK_OPTIONS);

/** The forward's review; since patch local-forward-review a local activity: a read of the unit registry, harmless to run again. */
export function reviewForward(input: Parameters<CascadeActivities['reviewForward']>[0], generation: number | undefined): ReturnType<CascadeActivities['reviewForward']> {
  return inEffect('local-forward-review', generation) ? reviewForwardInWorker(input) : reviewForwardAsTask(input);
}

/** Pure calendar arithmetic in the worker process: a local activity keeps it cheap. */
export const { planSchedule } = proxyLocalActivities<Pick<CascadeActivities, 'planSchedule'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
