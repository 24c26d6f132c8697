import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/common';
import { childChangedSignal, type ParentNotice } from '@cascade/contracts';

/**
 * Signals a parent assignment (or directive) `childChanged` through the worker's own client, from
 * inside an activity. A parent already closed (withdrawn, completed) has nothing to hear: not an
 * error. Any other failure throws, and the activity's retry sends the same snapshot again, which
 * the parent takes as it is (the newest `seq` wins).
 */
export async function signalParent(notice: ParentNotice): Promise<void> {
  try {
    await Context.current()
      .client.workflow.getHandle(notice.parentWorkflowId)
      .signal(childChangedSignal, notice.snapshot);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return;
    throw error;
  }
}
