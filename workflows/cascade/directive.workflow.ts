import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  amendDirectiveUpdate,
  amendSignal,
  type AmendRequest,
  childChangedSignal,
  CLOSED_STATUSES,
  type ChildSnapshot,
  DEFAULT_POLICY,
  type DirectiveState,
  directiveStateQuery,
  type DirectiveWorkflowInput,
  withdrawDirectiveUpdate,
  withdrawSignal,
  type WithdrawRequest,
} from '@cascade/contracts';
import { deadlineProblem } from '@cascade/domain/deadlines/deadline-rules';
import { planSchedule } from './activities';
import { recipientsRefusal } from './assignment/refusals';
import { ChildrenTracker } from './children-tracker';
import { deliver } from './delivery';
import { amendDirective } from './directive-amended';
import { directiveIssued } from './directive-issued';
import { EventStream } from './event-stream';

/** What a directive workflow carries over continue-as-new. */
export interface DirectiveCarry {
  issuedAt: number;
  seq: number;
  children: ChildSnapshot[];
  /** Amendments so far (absent before the first). */
  version?: number;
}

/**
 * 公文: the issuing unit's directive `directive:{directiveId}`. It delivers one assignment per
 * recipient, follows them through their signals, and completes when every one is closed.
 */
export async function directiveWorkflow(
  input: DirectiveWorkflowInput,
  carried?: DirectiveCarry,
): Promise<DirectiveState> {
  const { workflowId } = workflowInfo();
  const policy = { ...DEFAULT_POLICY, ...input.policy };
  const events = new EventStream(carried?.seq ?? 0);
  const children = new ChildrenTracker(carried?.children ?? []);
  const childRuns: Array<Promise<unknown>> = [];
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

  let version = carried?.version ?? 1;
  const openChildren = (units?: string[] | null) =>
    children
      .list()
      .filter((child) => !CLOSED_STATUSES.includes(child.status) && (!units || units.includes(child.unitCode)));
  const issuerOnly = ({ actor }: { actor: WithdrawRequest['actor'] }) => {
    if (actor.unitCode !== input.issuerUnit && actor.role !== 'system')
      throw new Error('只有发文单位可以撤回或更正公文');
  };

  setHandler(
    withdrawDirectiveUpdate,
    async ({ actor, reason, units }) => {
      const targets = openChildren(units);
      await Promise.all(
        targets.map((child) =>
          getExternalWorkflowHandle(child.assignmentId)
            .signal(withdrawSignal, { reason, by: actor })
            .catch(() => undefined),
        ),
      );
      await events.record(actor, {
        type: 'DIRECTIVE_WITHDRAWN',
        directiveId: input.directiveId,
        assignmentId: null,
        reason,
        units: units ?? null,
      });
      return { withdrawn: targets.map((child) => child.unitCode) };
    },
    {
      validator: (request: WithdrawRequest) => {
        issuerOnly(request);
        if (!request.reason?.trim()) throw new Error('请填写撤回理由');
        const known = new Set(input.recipients.map((r) => r.unitCode));
        const unknown = (request.units ?? []).filter((unit) => !known.has(unit));
        if (unknown.length) throw new Error(`这些单位不是该公文的接收单位：${unknown.join('、')}`);
        // Also keeps a repeat that races the directive's completion from starting work after it.
        if (openChildren(request.units).length === 0) throw new Error('没有可撤回的接收单位：均已办结或已撤回');
      },
    },
  );

  setHandler(
    amendDirectiveUpdate,
    async ({ actor, changes, note }) => {
      version += 1;
      await events.record(actor, amendDirective(input, version, { changes, note }));
      const sent = version;
      await Promise.all(
        openChildren().map((child) =>
          getExternalWorkflowHandle(child.assignmentId)
            .signal(amendSignal, { version: sent, changes, note, by: actor })
            .catch(() => undefined),
        ),
      );
      return { version };
    },
    {
      validator: (request: AmendRequest) => {
        issuerOnly(request);
        if (!request.note?.trim()) throw new Error('请填写更正说明');
        if (Object.keys(request.changes ?? {}).length === 0) throw new Error('更正内容为空');
        const deadline = request.changes.deadline;
        const problem = deadline === undefined ? null : deadlineProblem('报送期限', deadline, Date.now());
        if (problem)
          throw ApplicationFailure.create({ type: problem.code, message: problem.message, nonRetryable: true });
      },
    },
  );

  if (!carried) {
    const refusal = recipientsRefusal(input.recipients, input.issuerUnit);
    if (refusal)
      throw ApplicationFailure.create({ type: 'InvalidDirective', message: refusal.message, nonRetryable: true });
    await events.record(input.issuedBy ?? null, directiveIssued(input, issuedAt));
    const schedule = await planSchedule({ deliveredAt: issuedAt, deadline: input.deadline, policy });
    await deliver(
      {
        directive: {
          id: input.directiveId,
          rootDirectiveId: input.directiveId,
          docNumber: input.docNumber,
          title: input.title,
          issuerUnit: input.issuerUnit,
          ...(input.documents ? { documents: input.documents } : {}),
          ...(input.form ? { form: input.form } : {}),
        },
        recipients: input.recipients,
        parentWorkflowId: workflowId,
        parentAssignmentId: null,
        deliveredAt: issuedAt,
        schedule,
        policy,
      },
      children,
      childRuns,
    );
  }

  await condition(() => children.allClosed() || workflowInfo().continueAsNewSuggested);
  if (!children.allClosed()) {
    await condition(allHandlersFinished);
    return continueAsNew<typeof directiveWorkflow>(input, {
      issuedAt,
      seq: events.position,
      children: children.list(),
      version,
    });
  }
  await Promise.all(childRuns);
  // A directive whose every recipient was withdrawn stays WITHDRAWN; otherwise it is completed.
  if (!children.list().every((child) => child.status === 'WITHDRAWN')) {
    await events.record(null, { type: 'DIRECTIVE_COMPLETED', directiveId: input.directiveId, assignmentId: null });
  }
  await condition(allHandlersFinished);
  return view();
}
