import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CascadeActivities } from '@cascade/contracts';

/**
 * Projection writes must never be lost: they retry until the database is back
 * (idempotent by event id, DESIGN.md Temporal rule 7).
 */
export const { recordEvents } = proxyActivities<Pick<CascadeActivities, 'recordEvents'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

/** Checks that answer an Update: a user is waiting, so they give up after a few tries. */
export const { reviewForward, proposeForwardDeadline } = proxyActivities<Pick<CascadeActivities, 'reviewForward' | 'proposeForwardDeadline'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumAttempts: 5 },
});

/** Pure calendar arithmetic in the worker process: a local activity keeps it cheap. */
export const { planSchedule } = proxyLocalActivities<Pick<CascadeActivities, 'planSchedule'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});
