import { WorkflowUpdateFailedError } from '@temporalio/client';

/** The reason a workflow gave for refusing an Update (what the API shows as 409). */
export async function rejectionOf(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return error.cause?.message ?? error.message;
    throw error;
  }
  throw new Error('the update was accepted, but a rejection was expected');
}
