import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  acceptUpdate,
  acknowledgeAmendmentUpdate,
  acknowledgeUpdate,
  type Actor,
  type AmendmentChanges,
  amendForwardUpdate,
  amendSignal,
  type AssignmentState,
  assignmentStateQuery,
  recordedSeqQuery,
  type AssignmentWorkflowInput,
  childChangedSignal,
  type ChildSnapshot,
  CLOSED_STATUSES,
  decideExtensionUpdate,
  forwardDocuments,
  forwardUpdate,
  requestExtensionUpdate,
  rescheduleUpdate,
  returnReportUpdate,
  submitReportUpdate,
  urgeUpdate,
  withdrawForwardUpdate,
  withdrawSignal,
} from '@cascade/contracts';
import type { UpdateDefinition } from '@temporalio/common';
import { planSchedule, proposeForwardDeadline, reviewForward } from './activities';
import {
  type ActivityResults,
  type Command,
  decide,
  evolve,
  type Facts,
  type MachineEvent,
  needsOf,
  refusalOf,
  reschedulesTimers,
} from './assignment/assignment-machine';
import { refusalFailure } from './assignment/refusal-failure';
import { initialState, snapshotOf, withDerived } from './assignment-state';
import { earliest, pendingSteps } from './assignment-steps';
import { ChildrenTracker } from './children-tracker';
import { deliver } from './delivery';
import { EventStream, type NewAssignmentEvent, type NewDirectiveEvent } from './event-stream';

const DIRECTIVE_EVENT_TYPES = new Set(['DIRECTIVE_ISSUED', 'DIRECTIVE_WITHDRAWN', 'DIRECTIVE_AMENDED']);
const isDirectiveEvent = (event: MachineEvent): boolean => DIRECTIVE_EVENT_TYPES.has(event.type);

/**
 * 承办任务: one directive × one receiving unit, from delivery (待签收) to acceptance (已办结).
 * A shell around the state machine (assignment/assignment-machine.ts): handlers and timers become
 * commands, the machine decides, the events are recorded and applied, and what the events ask of
 * the world (children delivered, withdrawn or amended) is done here. Id: `assignment:{directiveId}:{unitCode}`.
 */
export async function assignmentWorkflow(input: AssignmentWorkflowInput): Promise<AssignmentState> {
  const assignmentId = workflowInfo().workflowId;
  let state = input.carried?.state ?? initialState(input, assignmentId);
  // Event #1 (ASSIGNMENT_DELIVERED) is the parent's to record when it says so.
  const events = new EventStream(input.carried?.seq ?? (input.deliveryRecorded ? 1 : 0));
  // The projection runs beside the handlers: an Update is answered from memory, not after the read model.
  void events.drain();
  const children = new ChildrenTracker(input.carried?.children ?? []);
  /** Completions of the children this run started (a continued run only has the signals). */
  const childRuns: Array<Promise<unknown>> = [];
  let busy = false;
  let changed = false;

  const view = (): AssignmentState => ({
    ...withDerived(state, Date.now()),
    children: state.forward ? children.summary() : null,
    seq: events.position,
  });

  const facts = (): Facts => ({
    now: Date.now(),
    busy,
    children: state.forward ? children.summary() : null,
    childrenAllReported: children.allReported(),
    rootDirectiveId: input.directive.rootDirectiveId,
  });

  /** What the parent is told of this assignment: its state now (`current`: a view taken now). */
  const childSnapshot = (current: AssignmentState): ChildSnapshot => {
    const latest = current.reports.at(-1);
    return {
      assignmentId,
      unitCode: current.unitCode,
      unitName: current.unitName,
      status: current.status,
      overdue: current.overdue,
      escalationLevel: current.escalationLevel,
      late: current.late,
      zeroReport: latest?.zeroReport ?? false,
      reportedAt: current.reportedAt,
      reportId: latest?.id ?? null,
    };
  };

  /**
   * Applies the events and queues them for the projection (each assignment event with the snapshot
   * after all of them), which then tells the parent.
   */
  const apply = (actor: Actor | null, happened: MachineEvent[]): void => {
    if (happened.length === 0) return;
    for (const event of happened) state = evolve(state, event);
    if (happened.some(reschedulesTimers)) changed = true;
    const current = view();
    const snapshot = snapshotOf(current, input);
    const recorded = happened.map((event): NewAssignmentEvent | NewDirectiveEvent => {
      const { at: _at, ...change } = event;
      if ('step' in change) {
        const { step: _step, ...escalated } = change;
        return { ...escalated, directiveId: state.directiveId, assignmentId, snapshot };
      }
      if (change.type === 'DEADLINE_CHANGED') {
        const { schedule: _schedule, ...moved } = change;
        return { ...moved, directiveId: state.directiveId, assignmentId, snapshot };
      }
      if (
        change.type === 'DIRECTIVE_ISSUED' ||
        change.type === 'DIRECTIVE_WITHDRAWN' ||
        change.type === 'DIRECTIVE_AMENDED' ||
        change.type === 'DIRECTIVE_COMPLETED'
      )
        return change;
      return { ...change, directiveId: state.directiveId, assignmentId, snapshot } as NewAssignmentEvent;
    });
    events.enqueue(actor, { parentWorkflowId: input.parentWorkflowId, snapshot: childSnapshot(current) }, ...recorded);
  };

  /** Runs the activities a command needs, so that the machine decides on their answers. */
  const withResults = async (command: Command, at: Facts): Promise<Command> => {
    const needs = needsOf(state, command, at);
    const results: ActivityResults = {};
    if (needs.review) results.review = await reviewForward(needs.review);
    if (needs.schedule) results.schedule = await planSchedule(needs.schedule);
    if (needs.forwardDeadline !== undefined)
      results.forwardDeadline = await proposeForwardDeadline(needs.forwardDeadline);
    return { ...command, results };
  };

  /** Decides a command (on the facts when it was asked) and applies its events; a refusal fails the Update with the refusal's code as its type. */
  const run = async (
    command: Command,
    at: Facts = facts(),
  ): Promise<{ events: MachineEvent[]; results: ActivityResults }> => {
    const answered = await withResults(command, at);
    const decision = decide(state, answered, at);
    if (decision.refusal) throw refusalFailure(decision.refusal);
    apply(command.actor, decision.events);
    // A new, withdrawn or amended forward is in the read model before the children hear of it.
    if (decision.events.some(isDirectiveEvent)) {
      await events.flushed();
      await tellChildren(command.actor, decision.events);
    }
    return { events: decision.events, results: answered.results ?? {} };
  };

  /** Sends a withdrawn or amended forward down to the open children it concerns. */
  const tellChildren = async (by: Actor | null, happened: MachineEvent[]): Promise<void> => {
    for (const event of happened) {
      if (event.type === 'DIRECTIVE_WITHDRAWN' && by) {
        const signal = { reason: event.reason, by };
        await Promise.all(
          openChildren(event.units).map((child) =>
            getExternalWorkflowHandle(child.assignmentId)
              .signal(withdrawSignal, signal)
              .catch(() => undefined),
          ),
        );
      }
      if (event.type === 'DIRECTIVE_AMENDED' && by) {
        const signal = { version: event.version, changes: event.changes, note: event.note, by };
        await Promise.all(
          openChildren().map((child) =>
            getExternalWorkflowHandle(child.assignmentId)
              .signal(amendSignal, signal)
              .catch(() => undefined),
          ),
        );
      }
    }
  };

  const openChildren = (units?: string[] | null) =>
    children
      .list()
      .filter((child) => !CLOSED_STATUSES.includes(child.status) && (!units || units.includes(child.unitCode)));

  /** Update validators: the machine's refusal, synchronously, before anything is recorded. */
  const validate = (command: Command): void => {
    const refusal = refusalOf(state, command, facts());
    if (refusal) throw refusalFailure(refusal);
  };

  setHandler(assignmentStateQuery, view);
  setHandler(recordedSeqQuery, () => events.recordedPosition);
  setHandler(childChangedSignal, (child) => children.update(child));

  /** An Update that is one command: validated by the machine's refusal, answered with the state after it. */
  const onUpdate = <Request>(
    update: UpdateDefinition<AssignmentState, [Request]>,
    commandOf: (request: Request) => Command,
  ): void =>
    setHandler(
      update,
      async (request: Request) => {
        await run(commandOf(request));
        return view();
      },
      { validator: (request: Request) => validate(commandOf(request)) },
    );

  onUpdate(acknowledgeUpdate, ({ actor }) => ({ type: 'acknowledge', actor }));
  onUpdate(submitReportUpdate, ({ actor, ...report }) => ({ type: 'report', actor, report }));
  onUpdate(acceptUpdate, ({ actor }) => ({ type: 'accept', actor }));
  onUpdate(returnReportUpdate, ({ actor, reason, newDeadline, issuerDeadline }) => ({
    type: 'return',
    actor,
    reason,
    newDeadline: newDeadline ?? null,
    issuerDeadline: issuerDeadline ?? null,
  }));
  onUpdate(requestExtensionUpdate, ({ actor, newDeadline, reason, issuerDeadline }) => ({
    type: 'requestExtension',
    actor,
    newDeadline,
    reason,
    issuerDeadline: issuerDeadline ?? null,
  }));
  onUpdate(decideExtensionUpdate, ({ actor, requestId, approve, note, issuerDeadline }) => ({
    type: 'decideExtension',
    actor,
    requestId,
    approve,
    note: note ?? null,
    issuerDeadline: issuerDeadline ?? null,
  }));
  onUpdate(urgeUpdate, ({ actor, note, belowQuota }) => ({
    type: 'urge',
    actor,
    note: note ?? null,
    belowQuota: belowQuota === true,
  }));
  onUpdate(acknowledgeAmendmentUpdate, ({ actor, version }) => ({ type: 'acknowledgeAmendment', actor, version }));
  onUpdate(rescheduleUpdate, ({ actor, schedule }) => ({ type: 'reschedule', actor, schedule }));

  setHandler(
    forwardUpdate,
    async ({ actor, ...forward }) => {
      const asked = facts();
      busy = true;
      try {
        const directiveId = forward.directiveId ?? uuid4();
        const documents = forwardDocuments(input.directive.documents, forward.documents);
        // A forward carries the upstream 填报表 when it adds no fields of its own.
        const form = forward.form ?? input.directive.form;
        const { events: happened, results } = await run(
          {
            type: 'forward',
            actor,
            forward: { ...forward, directiveId, ...(documents ? { documents } : {}), ...(form ? { form } : {}) },
          },
          asked,
        );
        const issued = happened.find((event) => event.type === 'DIRECTIVE_ISSUED');
        if (issued?.type === 'DIRECTIVE_ISSUED' && results.schedule) {
          const { directive } = issued;
          await deliver(
            {
              directive: {
                id: directive.id,
                rootDirectiveId: directive.rootDirectiveId,
                docNumber: directive.docNumber,
                title: directive.title,
                issuerUnit: directive.issuerUnit,
                ...(directive.documents ? { documents: directive.documents } : {}),
                ...(directive.form ? { form: directive.form } : {}),
              },
              recipients: directive.recipients,
              parentWorkflowId: assignmentId,
              parentAssignmentId: assignmentId,
              deliveredAt: directive.issuedAt,
              schedule: results.schedule,
              policy: directive.policy,
            },
            children,
            childRuns,
          );
        }
        return view();
      } finally {
        busy = false;
        changed = true;
      }
    },
    { validator: ({ actor, ...forward }) => validate({ type: 'forward', actor, forward }) },
  );

  setHandler(
    withdrawForwardUpdate,
    async ({ actor, reason, units }) => {
      const withdrawn = openChildren(units).map((child) => child.unitCode);
      await run({ type: 'withdrawForward', actor, reason, units: units ?? null });
      return { withdrawn };
    },
    {
      validator: ({ actor, reason, units }) =>
        validate({ type: 'withdrawForward', actor, reason, units: units ?? null }),
    },
  );

  setHandler(
    amendForwardUpdate,
    async ({ actor, changes, note }) => {
      const { events: happened } = await run({ type: 'amendForward', actor, changes: withUpstream(changes), note });
      const amended = happened.find((event) => event.type === 'DIRECTIVE_AMENDED');
      return { version: amended?.type === 'DIRECTIVE_AMENDED' ? amended.version : 0 };
    },
    { validator: ({ actor, changes, note }) => validate({ type: 'amendForward', actor, changes, note }) },
  );

  /** A forward's new 附件 still start with the upstream document. */
  function withUpstream(changes: AmendmentChanges): AmendmentChanges {
    const attachments = changes.documents?.attachments;
    if (attachments === undefined) return changes;
    const merged = forwardDocuments(input.directive.documents, { attachments })?.attachments ?? [];
    return { ...changes, documents: { ...changes.documents, attachments: merged } };
  }

  setHandler(withdrawSignal, async ({ reason, by }) => {
    await run({ type: 'withdraw', actor: by, reason });
  });

  setHandler(amendSignal, async ({ version, changes, note, by, upstream }) => {
    // The document this assignment received, amended: a later forward attaches it as it now is.
    if (!upstream && changes.documents !== undefined)
      input.directive.documents = { ...input.directive.documents, ...changes.documents };
    const { events: happened } = await run({ type: 'amend', actor: by, version, changes, note, upstream });
    // A forwarding unit passes the amendment on as what it is: a change of the document above its forward.
    if (!state.forward || !happened.some((event) => event.type === 'AMENDMENT_RECEIVED')) return;
    const amended = upstream ?? {
      directiveId: input.directive.id,
      docNumber: input.directive.docNumber,
      issuerUnit: input.directive.issuerUnit,
    };
    const signal = { version, changes, note, by, upstream: amended };
    await Promise.all(
      openChildren().map((child) =>
        getExternalWorkflowHandle(child.assignmentId)
          .signal(amendSignal, signal)
          .catch(() => undefined),
      ),
    );
  });

  if (!input.carried && !input.deliveryRecorded) apply(null, [{ at: Date.now(), type: 'ASSIGNMENT_DELIVERED' }]);

  const finished = () => CLOSED_STATUSES.includes(state.status) && children.allClosed();
  while (!finished()) {
    if (workflowInfo().continueAsNewSuggested && !busy) {
      await condition(() => allHandlersFinished() && events.settled);
      return continueAsNew<typeof assignmentWorkflow>({
        ...input,
        carried: { state, seq: events.position, children: children.list() },
      });
    }
    const next = earliest(pendingSteps(state));
    if (next && next.at <= Date.now()) {
      await run({ type: 'fire', actor: null, step: next });
      continue;
    }
    changed = false;
    // Children's signals wake the loop only when they can end it; otherwise the timer stays armed.
    const woken = () => changed || finished() || workflowInfo().continueAsNewSuggested;
    if (next) await condition(woken, next.at - Date.now());
    else await condition(woken);
  }
  await Promise.all(childRuns);
  // Nothing leaves with the workflow: every answered operation is in the read model first.
  await condition(() => allHandlersFinished() && events.settled);
  return view();
}
