import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  amendDirectiveUpdate,
  type AmendRequest,
  directiveStateQuery,
  type DirectiveState,
  type RecurringDirectiveInput,
  SERIES_DEADLINE_FIXED,
  withdrawDirectiveUpdate,
  type WithdrawRequest,
} from '@cascade/contracts';
import { ChildrenTracker } from '../children-tracker';
import { amendDirective } from '../directive-amended';
import { directiveIssued } from '../directive-issued';
import { EventStream } from '../event-stream';
import { amendPeriodTemplate } from './recurrence-activities';

/**
 * 周期性公文: the series `directive:{directiveId}` of a recurring directive. It records the
 * directive once and lives until it is withdrawn; its Temporal Schedule (created by the API) starts
 * one `periodWorkflow` per period, and each period is a directive of its own.
 */
export async function recurringDirectiveWorkflow(input: RecurringDirectiveInput): Promise<DirectiveState> {
  const events = new EventStream();
  const issuedAt = workflowInfo().startTime.getTime();
  let withdrawn = false;

  const view = (): DirectiveState => ({
    directiveId: input.directiveId,
    docNumber: input.docNumber,
    issuerUnit: input.issuerUnit,
    deadline: input.deadline,
    issuedAt,
    completed: withdrawn,
    // The series has no recipients of its own: each period's directive has them.
    children: new ChildrenTracker([]).summary(),
  });
  setHandler(directiveStateQuery, view);

  const issuerOnly = (actor: WithdrawRequest['actor']) => {
    if (actor.unitCode !== input.issuerUnit && actor.role !== 'system' && actor.role !== 'admin')
      throw new Error('只有发文单位可以撤回或更正公文');
  };

  setHandler(
    withdrawDirectiveUpdate,
    async ({ actor, reason }) => {
      withdrawn = true;
      await events.record(actor, {
        type: 'DIRECTIVE_WITHDRAWN',
        directiveId: input.directiveId,
        assignmentId: null,
        reason,
        units: null,
      });
      return { withdrawn: [] };
    },
    {
      validator: ({ actor, reason, units }: WithdrawRequest) => {
        issuerOnly(actor);
        if (!reason?.trim()) throw new Error('请填写撤回理由');
        if (units?.length) throw new Error('周期性公文只能整体撤回；各期任务请分别撤回');
        if (withdrawn) throw new Error('该周期性公文已撤回');
      },
    },
  );
  // 更正 of a series changes the periods to come; each period already started is amended on its own.
  // Version 1 is the issued text.
  let version = 1;
  setHandler(
    amendDirectiveUpdate,
    async ({ actor, changes, note }) => {
      version += 1;
      await events.record(actor, amendDirective(input, version, { changes, note }));
      await amendPeriodTemplate(input);
      return { version };
    },
    {
      validator: ({ actor, changes, note }: AmendRequest) => {
        issuerOnly(actor);
        if (withdrawn) throw new Error('该周期性公文已撤回');
        if (!note?.trim()) throw new Error('请填写更正说明');
        if (Object.keys(changes ?? {}).length === 0) throw new Error('更正内容为空');
        if (changes.deadline !== undefined) throw new Error(SERIES_DEADLINE_FIXED);
      },
    },
  );

  await events.record(null, directiveIssued(input, issuedAt));
  await condition(() => withdrawn);
  await condition(allHandlersFinished);
  return view();
}
