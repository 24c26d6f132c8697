import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  childChangedSignal,
  type ChildSnapshot,
  DEFAULT_POLICY,
  type DirectiveState,
  directiveStateQuery,
  type DirectiveWorkflowInput,
} from '@cascade/contracts';
import { planSchedule } from './activities';
import { recipientsProblem } from './assignment-rules';
import { ChildrenTracker } from './children-tracker';
import { deliver } from './delivery';
import { EventStream } from './event-stream';

/** What a directive workflow carries over continue-as-new. */
export interface DirectiveCarry {
  issuedAt: number;
  seq: number;
  children: ChildSnapshot[];
}

/**
 * 公文: the issuing unit's directive `directive:{directiveId}`. It delivers one assignment per
 * recipient, follows them through their signals, and completes when every one is closed.
 */
export async function directiveWorkflow(input: DirectiveWorkflowInput, carried?: DirectiveCarry): Promise<DirectiveState> {
  const { workflowId } = workflowInfo();
  const policy = { ...DEFAULT_POLICY, ...input.policy };
  const events = new EventStream(carried?.seq ?? 0);
  const children = new ChildrenTracker(carried?.children ?? []);
  const issuedAt = carried?.issuedAt ?? Date.now();

  const view = (): DirectiveState => ({
    directiveId: input.directiveId,
    docNumber: input.docNumber,
    issuerUnit: input.issuerUnit,
    deadline: input.deadline,
    issuedAt,
    completed: children.size > 0 && children.allClosed(),
    children: children.summary(),
  });

  setHandler(directiveStateQuery, view);
  setHandler(childChangedSignal, (child) => children.update(child));

  if (!carried) {
    const problem = recipientsProblem(input.recipients, input.issuerUnit);
    if (problem) throw ApplicationFailure.create({ type: 'InvalidDirective', message: problem, nonRetryable: true });
    await events.record(null, {
      type: 'DIRECTIVE_ISSUED',
      directiveId: input.directiveId,
      assignmentId: null,
      directive: {
        id: input.directiveId,
        docNumber: input.docNumber,
        title: input.title,
        body: input.body ?? null,
        issuerUnit: input.issuerUnit,
        deadline: input.deadline,
        policy,
        obligations: input.obligations ?? [],
        recipients: input.recipients,
        forwardsDirectiveId: input.forwardsDirectiveId ?? null,
        parentAssignmentId: null,
        rootDirectiveId: input.directiveId,
        issuedAt,
      },
    });
    const schedule = await planSchedule({ deliveredAt: issuedAt, deadline: input.deadline, policy });
    await deliver(
      {
        directive: { id: input.directiveId, rootDirectiveId: input.directiveId, docNumber: input.docNumber, title: input.title, issuerUnit: input.issuerUnit },
        recipients: input.recipients,
        parentWorkflowId: workflowId,
        parentAssignmentId: null,
        deliveredAt: issuedAt,
        schedule,
        policy,
      },
      children,
    );
  }

  await condition(() => children.allClosed() || workflowInfo().continueAsNewSuggested);
  if (!children.allClosed()) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof directiveWorkflow>(input, { issuedAt, seq: events.position, children: children.list() });
  }
  await events.record(null, { type: 'DIRECTIVE_COMPLETED', directiveId: input.directiveId, assignmentId: null });
  await condition(allHandlersFinished);
  return view();
}
