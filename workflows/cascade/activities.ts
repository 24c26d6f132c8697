import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CascadeActivities } from '@cascade/contracts';

/**
 * Projection writes must never be lost: they retry until the database is back (idempotent by
 * event id). Deliberately an activity task, not a local activity: a local activity runs before
 * the server accepts its workflow task, and a task lost with the server is re-run on another
 * timeline where `{workflowId}#{seq}` may name another event — the projection would keep a
 * phantom and skip the real one.
 */
export const { recordEvents } = proxyActivities<Pick<CascadeActivities, 'recordEvents'>>({
  startToCloseTimeout: '30 seconds',
  // A few seconds at most between tries: the read model catches up soon after the database is back.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 seconds' },
});

/** Checks that answer an Update: a user is waiting, so they give up after a few tries. */
const CHECK_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 5 },
} as const;

export const { proposeForwardDeadline } =
  proxyActivities<Pick<CascadeActivities, 'proposeForwardDeadline'>>(CHECK_OPTIONS);

/** The forward's review is a local activity: a read of the unit registry, harmless to run again. */
export const { reviewForward } = proxyLocalActivities<Pick<CascadeActivities, 'reviewForward'>>(CHECK_OPTIONS);

/** Pure calendar arithmetic in the worker process: a local activity keeps it cheap. */
export const { planSchedule } = proxyLocalActivities<Pick<CascadeActivities, 'planSchedule'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
