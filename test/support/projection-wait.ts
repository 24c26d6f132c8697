import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type AssignmentState, recordedSeqQuery } from '@cascade/contracts';

/**
 * Resolves once the read model holds the assignment state an operation answered with (and its
 * parent has been told): the workflow reports how far its projection got. Operations are answered
 * before they are projected, so a test that reads the read model after one waits here first.
 */
export async function projected(
  client: Client,
  state: Pick<AssignmentState, 'assignmentId' | 'seq'>,
  timeoutMs = 15_000,
): Promise<void> {
  if (state.seq === undefined) return;
  const handle = client.workflow.getHandle(state.assignmentId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await handle.query(recordedSeqQuery)) >= state.seq) return;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return;
      throw error;
    }
    if (Date.now() > deadline)
      throw new Error(`${state.assignmentId}#${state.seq} not projected within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An answered assignment state in an HTTP body, if the body is one. */
export function answeredState(body: unknown): Pick<AssignmentState, 'assignmentId' | 'seq'> | null {
  if (!body || typeof body !== 'object') return null;
  const { assignmentId, seq } = body as Partial<AssignmentState>;
  return typeof assignmentId === 'string' && typeof seq === 'number' ? { assignmentId, seq } : null;
}
