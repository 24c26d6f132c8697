import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CascadeActivities, CascadeEvent } from '@cascade/contracts';

/**
 * Projection writes must never be lost: they retry until the database is back
 * (idempotent by event id, DESIGN.md Temporal rule 7).
 */
const PROJECTION_RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' } as const;

const { recordEvents: recordEventsAsTask } = proxyActivities<Pick<CascadeActivities, 'recordEvents'>>({
  startToCloseTimeout: '30 seconds',
  retry: PROJECTION_RETRY,
});

const { recordEvents: recordEventsInWorker } = proxyLocalActivities<Pick<CascadeActivities, 'recordEvents'>>({
  startToCloseTimeout: '30 seconds',
  retry: PROJECTION_RETRY,
});

/**
 * Patch: projection runs as a local activity, inside the workflow task that produced the events
 * (a marker in the history) instead of a scheduled activity task: one server round trip and one
 * workflow task fewer per change. Retries past the SDK's local threshold continue on timers.
 */
export const LOCAL_PROJECTION = 'local-projection';

/** Appends events to the audit log and projects them into the read model. */
export function recordEvents(events: CascadeEvent[]): Promise<void> {
  return patched(LOCAL_PROJECTION) ? recordEventsInWorker(events) : recordEventsAsTask(events);
}

/** Checks that answer an Update: a user is waiting, so they give up after a few tries. */
const CHECK_OPTIONS = { startToCloseTimeout: '10 seconds', retry: { initialInterval: '500 milliseconds', maximumAttempts: 5 } } as const;

export const { proposeForwardDeadline } = proxyActivities<Pick<CascadeActivities, 'proposeForwardDeadline'>>(CHECK_OPTIONS);

const { reviewForward: reviewForwardAsTask } = proxyActivities<Pick<CascadeActivities, 'reviewForward'>>(CHECK_OPTIONS);
const { reviewForward: reviewForwardInWorker } = proxyLocalActivities<Pick<CascadeActivities, 'reviewForward'>>(CHECK_OPTIONS);

/** Patch: the forward's review (a read of the unit registry) runs as a local activity, like the projection. */
export const LOCAL_FORWARD_REVIEW = 'local-forward-review';

export function reviewForward(input: Parameters<CascadeActivities['reviewForward']>[0]): ReturnType<CascadeActivities['reviewForward']> {
  return patched(LOCAL_FORWARD_REVIEW) ? reviewForwardInWorker(input) : reviewForwardAsTask(input);
}

/** Pure calendar arithmetic in the worker process: a local activity keeps it cheap. */
export const { planSchedule } = proxyLocalActivities<Pick<CascadeActivities, 'planSchedule'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
