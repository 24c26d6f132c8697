import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import {
  type AssignmentDirectiveRef,
  type AssignmentSchedule,
  type ChildSnapshot,
  type DirectivePolicy,
  type Recipient,
  workflowIds,
} from '@cascade/contracts';
import type { ChildrenTracker } from './children-tracker';

export interface Delivery {
  directive: AssignmentDirectiveRef;
  recipients: Recipient[];
  parentWorkflowId: string;
  parentAssignmentId: string | null;
  deliveredAt: number;
  schedule: AssignmentSchedule;
  policy: Required<DirectivePolicy>;
}

/** Most children one workflow starts directly (DESIGN.md, Temporal rule 6). */
export const MAX_DIRECT_CHILDREN = 1000;

/**
 * Starts one assignment workflow per recipient; `started` collects their completions, which a
 * parent awaits before it completes itself (its children's last signals have arrived by then). ParentClosePolicy ABANDON: an assignment is an
 * official record that must outlive its parent's run — the parent continues-as-new with long
 * histories, and an operator's termination above must not erase the units below. Withdrawal
 * (撤回) is an explicit operation sent down the tree, never a side effect of a parent closing.
 */
export async function deliver(delivery: Delivery, tracker: ChildrenTracker, started: Array<Promise<unknown>> = []): Promise<void> {
  const { directive, recipients } = delivery;
  await Promise.all(
    recipients.map(async (unit) => {
      const assignmentId = workflowIds.assignment(directive.id, unit.unitCode);
      tracker.expect(initialSnapshot(assignmentId, unit));
      try {
        const child = await startChild('assignmentWorkflow', {
          workflowId: assignmentId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              directive,
              unit,
              parentWorkflowId: delivery.parentWorkflowId,
              parentAssignmentId: delivery.parentAssignmentId,
              deliveredAt: delivery.deliveredAt,
              schedule: delivery.schedule,
              policy: delivery.policy,
            },
          ],
        });
        // Settled, never rejected: a parent waits for these only to close after its children.
        started.push(child.result().catch(() => undefined));
      } catch (error) {
        // Already delivered by an earlier attempt or run: delivery is idempotent by business ID.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }),
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
