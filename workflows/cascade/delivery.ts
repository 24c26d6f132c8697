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

/** Deliveries per recordEvents call: keeps one activity's payload well under Temporal's 2 MB limit. */
const DELIVERIES_PER_RECORD = 250;

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
  // the children neither record it nor signal it (the parent knows): one activity per 250 children.
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
  const starts = inputs.map(async ([assignmentId, input]) => {
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
  });
  // Every start is commanded at once; each batch is recorded as soon as its own children exist.
  const batches: Array<Promise<void>> = [];
  for (let i = 0; i < inputs.length; i += DELIVERIES_PER_RECORD) {
    const batch = inputs.slice(i, i + DELIVERIES_PER_RECORD);
    batches.push(Promise.all(starts.slice(i, i + DELIVERIES_PER_RECORD)).then(() => recordDeliveries(batch)));
  }
  await Promise.all(batches);
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
