import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import {
  type AssignmentDirectiveRef,
  type AssignmentSchedule,
  type AssignmentWorkflowInput,
  type ChildSnapshot,
  type DirectivePolicy,
  type Recipient,
  WORKFLOW_TASK_TIMEOUT,
  workflowIds,
} from '@cascade/contracts';
import { recordEvents } from './activities';
import { deliveredSnapshot } from './assignment-state';
import type { ChildrenTracker } from './children-tracker';
import { stampEvent } from './event-stream';

export interface Delivery {
  directive: AssignmentDirectiveRef;
  recipients: Recipient[];
  parentWorkflowId: string;
  parentAssignmentId: string | null;
  deliveredAt: number;
  schedule: AssignmentSchedule;
  policy: Required<DirectivePolicy>;
}

/**
 * Children started per workflow activation, each wave's deliveries recorded in one recordEvents call.
 * The SDK captures a stack trace for every promise a workflow creates, a few per child: a forward to
 * 1,000 units started at once took one activation 5–10 s of JavaScript on a two-core machine, over
 * the SDK's 5 s limit per activation, so the task failed on every attempt. A wave of 100 takes a
 * fraction of a second; each further wave costs one workflow task.
 */
const DELIVERY_WAVE = 100;

/**
 * Starts one assignment workflow per recipient; `started` collects their completions, which a
 * parent awaits before it completes itself (its children's last signals have arrived by then). ParentClosePolicy ABANDON: an assignment is an
 * official record that must outlive its parent's run — the parent continues-as-new with long
 * histories, and an operator's termination above must not erase the units below. Withdrawal
 * (撤回) is an explicit operation sent down the tree, never a side effect of a parent closing.
 */
export async function deliver(
  delivery: Delivery,
  tracker: ChildrenTracker,
  started: Array<Promise<unknown>> = [],
): Promise<void> {
  const { directive, recipients } = delivery;
  // The parent records its children's ASSIGNMENT_DELIVERED (event #1 of each child) in batches, and
  // the children neither record it nor signal it (the parent knows): one activity per wave of children.
  const inputs = recipients.map((unit): [string, AssignmentWorkflowInput] => [
    workflowIds.assignment(directive.id, unit.unitCode),
    {
      directive,
      unit,
      parentWorkflowId: delivery.parentWorkflowId,
      parentAssignmentId: delivery.parentAssignmentId,
      deliveredAt: delivery.deliveredAt,
      schedule: delivery.schedule,
      policy: delivery.policy,
      deliveryRecorded: true,
    },
  ]);
  const start = async ([assignmentId, input]: [string, AssignmentWorkflowInput]) => {
    tracker.expect(initialSnapshot(assignmentId, input.unit));
    try {
      const child = await startChild('assignmentWorkflow', {
        workflowId: assignmentId,
        workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [input],
      });
      // Settled, never rejected: a parent waits for these only to close after its children.
      started.push(child.result().catch(() => undefined));
    } catch (error) {
      // Already delivered by an earlier attempt or run: delivery is idempotent by business ID.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  };
  // Each wave is recorded as soon as its own children exist, while the next wave starts.
  const recorded: Array<Promise<void>> = [];
  for (let i = 0; i < inputs.length; i += DELIVERY_WAVE) {
    const wave = inputs.slice(i, i + DELIVERY_WAVE);
    await Promise.all(wave.map(start));
    recorded.push(recordDeliveries(wave));
  }
  await Promise.all(recorded);
}

/** Records the children's ASSIGNMENT_DELIVERED as their event #1; ids are the children's, so a repeat is skipped. */
async function recordDeliveries(inputs: Array<[string, AssignmentWorkflowInput]>): Promise<void> {
  await recordEvents(
    inputs.map(([assignmentId, input]) =>
      stampEvent(assignmentId, 1, null, {
        type: 'ASSIGNMENT_DELIVERED',
        directiveId: input.directive.id,
        assignmentId,
        snapshot: deliveredSnapshot(input, assignmentId, Date.now()),
      }),
    ),
  );
}

function initialSnapshot(assignmentId: string, unit: Recipient): ChildSnapshot {
  return {
    assignmentId,
    unitCode: unit.unitCode,
    unitName: unit.unitName,
    status: 'DELIVERED',
    overdue: false,
    escalationLevel: 0,
    late: false,
    zeroReport: false,
    reportedAt: null,
    reportId: null,
  };
}
