import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import { type RecurringDirectiveInput, recurrenceIds, WORKFLOW_TASK_TIMEOUT, workflowIds } from '@cascade/contracts';
import { directiveWorkflow } from '../directive.workflow';
import { planPeriod, remindBelowQuota } from './recurrence-activities';

/** What one schedule action did. */
export interface PeriodOutcome {
  period: string;
  /** The period's directive, or null when the period was skipped. */
  directiveId: string | null;
  /** True when this action started the period's cascade (false: an earlier action had). */
  started: boolean;
  skipped: string | null;
  /** Units urged for a quota near the period's end. */
  urged: string[];
}

/**
 * One action of a recurring directive's Temporal Schedule: works out which period its scheduled
 * time falls in, starts that period's cascade as a directive `{seriesId}.{periodKey}` with the
 * deadline the calendar gives, and, when the directive has quotas, urges the recipients still below
 * them a few working days before the period ends. The period's directive id makes a repeated or
 * retried action (a manual trigger, a catch-up) start nothing twice.
 */
export async function periodWorkflow(series: RecurringDirectiveInput): Promise<PeriodOutcome> {
  const info = workflowInfo();
  // A schedule stamps its action with the time it was due; a manual trigger stamps now.
  const at =
    info.typedSearchAttributes.get({ name: 'TemporalScheduledStartTime', type: 'DATETIME' })?.getTime() ??
    info.startTime.getTime();
  const planned = await planPeriod({ recurrence: series.recurrence, at });
  const outcome: PeriodOutcome = { period: planned.key, directiveId: null, started: false, skipped: null, urged: [] };
  if (planned.skip) return { ...outcome, skipped: planned.skip };

  const directiveId = recurrenceIds.periodDirective(series.directiveId, planned.key);
  outcome.directiveId = directiveId;
  const { recurrence: _rule, ...template } = series;
  try {
    await startChild(directiveWorkflow, {
      workflowId: workflowIds.directive(directiveId),
      workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
      args: [
        {
          ...template,
          directiveId,
          title: `${series.title}（${planned.label}）`,
          deadline: planned.deadline,
          period: { seriesId: series.directiveId, key: planned.key, label: planned.label },
        },
      ],
      // The period's cascade outlives this action: it ends when its units have reported.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    outcome.started = true;
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }

  const quotas = series.recurrence.quotas ?? [];
  if (!outcome.started || quotas.length === 0 || planned.quotaCheckAt === null) return outcome;
  if (planned.quotaCheckAt > Date.now()) await sleep(planned.quotaCheckAt - Date.now());
  outcome.urged = await remindBelowQuota({
    directiveId,
    quotas,
    expected: series.recipients.length,
    actor: { unitCode: series.issuerUnit, role: 'system', name: '周期任务指标提醒' },
  });
  return outcome;
}
