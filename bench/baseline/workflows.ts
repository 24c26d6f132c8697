// Baseline workflows: the shapes of the Cascade workflows (a directive starting assignment children
// with ParentClosePolicy ABANDON, the parent recording its children's deliveries in batches of 250,
// children telling their parent of every later change through the transition's activity, Updates
// for acknowledge / forward / report, one timer per assignment, one activity per transition) with
// none of Cascade's logic. Their activity writes to an in-memory sink in the bench process and
// signals the parent: no NestJS, no database. Bundled on its own and run by a separate worker on its own task queue.
import {
  condition,
  defineSignal,
  defineUpdate,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';

export interface BaseRecipient {
  unitCode: string;
}

export interface BaseDirectiveInput {
  directiveId: string;
  recipients: BaseRecipient[];
  /** Epoch ms at which every assignment's single timer (the level-1 escalation) fires. */
  escalateAt: number;
}

export interface BaseAssignmentInput {
  directiveId: string;
  rootDirectiveId: string;
  unitCode: string;
  parentWorkflowId: string;
  escalateAt: number;
}

export interface BaseForward {
  directiveId: string;
  recipients: BaseRecipient[];
}

export interface SinkEntry {
  rootDirectiveId: string;
  workflowId: string;
  kind: string;
}

/** Whom the activity signals `baseChildChanged` after recording, as Cascade's projection does. */
export interface BaseParentNotice {
  parentWorkflowId: string;
  unitCode: string;
  status: string;
}

export interface BaseActivities {
  /** In-memory: records `kind` for each workflow (delivered, acknowledged, forwarded, reported, escalated), then tells the parent if asked. */
  sink(entries: SinkEntry[], notice?: BaseParentNotice): Promise<void>;
}

// An activity task, as Cascade's projection is (workflows/cascade/activities.ts).
const { sink } = proxyActivities<BaseActivities>({ startToCloseTimeout: '30 seconds' });

export const baseChildChanged = defineSignal<[string, string]>('baseChildChanged');
export const baseAcknowledge = defineUpdate<string, []>('baseAcknowledge');
export const baseForward = defineUpdate<string, [BaseForward]>('baseForward');
export const baseReport = defineUpdate<string, [string]>('baseReport');

export const baseAssignmentId = (directiveId: string, unitCode: string): string =>
  `base-assignment:${directiveId}:${unitCode}`;

async function deliver(
  directiveId: string,
  rootDirectiveId: string,
  recipients: BaseRecipient[],
  escalateAt: number,
): Promise<void> {
  const parentWorkflowId = workflowInfo().workflowId;
  await Promise.all(
    recipients.map((unit) =>
      startChild(baseAssignmentWorkflow, {
        workflowId: baseAssignmentId(directiveId, unit.unitCode),
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [{ directiveId, rootDirectiveId, unitCode: unit.unitCode, parentWorkflowId, escalateAt }],
      }),
    ),
  );
  const delivered = recipients.map((unit) => ({
    rootDirectiveId,
    workflowId: baseAssignmentId(directiveId, unit.unitCode),
    kind: 'delivered',
  }));
  const batches: SinkEntry[][] = [];
  for (let i = 0; i < delivered.length; i += 250) batches.push(delivered.slice(i, i + 250));
  await Promise.all(batches.map((batch) => sink(batch)));
}

export async function baseDirectiveWorkflow(input: BaseDirectiveInput): Promise<void> {
  const statuses = new Map<string, string>();
  setHandler(baseChildChanged, (unitCode, status) => void statuses.set(unitCode, status));
  await sink([{ rootDirectiveId: input.directiveId, workflowId: workflowInfo().workflowId, kind: 'issued' }]);
  await deliver(input.directiveId, input.directiveId, input.recipients, input.escalateAt);
  // Runs until the benchmark terminates it; nothing here ever closes an assignment.
  await condition(() => statuses.size > 0 && [...statuses.values()].every((status) => status === 'ACCEPTED'));
}

export async function baseAssignmentWorkflow(input: BaseAssignmentInput): Promise<void> {
  const { workflowId } = workflowInfo();
  let status = 'DELIVERED';
  let escalated = false;
  const children = new Map<string, string>();
  const record = (kind: string) =>
    sink([{ rootDirectiveId: input.rootDirectiveId, workflowId, kind }], {
      parentWorkflowId: input.parentWorkflowId,
      unitCode: input.unitCode,
      status,
    });
  setHandler(baseChildChanged, (unitCode, childStatus) => void children.set(unitCode, childStatus));
  setHandler(baseAcknowledge, async () => {
    if (status === 'DELIVERED') {
      status = 'ACKNOWLEDGED';
      await record('acknowledged');
    }
    return status;
  });
  setHandler(baseForward, async (forward) => {
    status = 'FORWARDED';
    await record('forwarded');
    await deliver(forward.directiveId, input.rootDirectiveId, forward.recipients, input.escalateAt);
    return status;
  });
  setHandler(
    baseReport,
    async (_content: string) => {
      status = 'REPORTED';
      await record('reported');
      return status;
    },
    {
      validator: (_content: string) => {
        if (status === 'DELIVERED') throw new Error('not acknowledged');
      },
    },
  );
  for (;;) {
    const wait = input.escalateAt - Date.now();
    if (!escalated && wait <= 0 && status === 'DELIVERED') {
      escalated = true;
      await record('escalated');
      continue;
    }
    const before = status;
    if (!escalated && status === 'DELIVERED') await condition(() => status !== before, wait);
    else await condition(() => status !== before);
  }
}
