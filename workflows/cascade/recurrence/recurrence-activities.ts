import { proxyActivities } from '@temporalio/workflow';
import type { RecurrenceActivities } from '@cascade/contracts';

/** Calendar arithmetic and a read of the read model: cheap and harmless to run again. */
export const { planPeriod } = proxyActivities<Pick<RecurrenceActivities, 'planPeriod'>>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 10 },
});

/** Urges through the assignments' own Update; the urge interval makes a retry urge nobody twice. */
export const { remindBelowQuota } = proxyActivities<Pick<RecurrenceActivities, 'remindBelowQuota'>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 10 },
});

/** Rewrites the schedule's action: the same arguments again do no harm. */
export const { amendPeriodTemplate } = proxyActivities<Pick<RecurrenceActivities, 'amendPeriodTemplate'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumAttempts: 20 },
});
