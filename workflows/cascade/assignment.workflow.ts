import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
    setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  acceptUpdate,
  acknowledgeUpdate,
  type Actor,
  type AssignmentState,
  assignmentStateQuery,
  type AssignmentWorkflowInput,
  childChangedSignal,
  type ChildSnapshot,
  CLOSED_STATUSES,
  DEFAULT_POLICY,
  type EscalationRecord,
  type ForwardRecord,
  forwardUpdate,
  type ReportRecord,
  submitReportUpdate,
} from '@cascade/contracts';
import { planSchedule, reviewForward } from './activities';
import type { AssignmentChange, AssignmentContext } from './assignment-context';
import { registerChangeHandlers } from './assignment-changes';
import { acceptProblem, acknowledgeProblem, forwardProblem, rejectIf, reportProblem } from './assignment-rules';
import { initialState, refreshDerived, snapshotOf } from './assignment-state';
import { earliest, pendingSteps, type Step } from './assignment-steps';
import { ChildrenTracker } from './children-tracker';
import { deliver } from './delivery';
import { EventStream, type NewAssignmentEvent, type NewDirectiveEvent } from './event-stream';

/**
 * 承办任务: one directive × one receiving unit, from delivery (待签收) to acceptance (已办结),
 * with its reminders and escalation ladder as durable timers, and the unit's own forward to its
 * subordinates as child workflows. Id: `assignment:{directiveId}:{unitCode}`.
 */
export async function assignmentWorkflow(input: AssignmentWorkflowInput): Promise<AssignmentState> {
  const assignmentId = workflowInfo().workflowId;
  const state = input.carried?.state ?? initialState(input, assignmentId);
  // Event #1 (ASSIGNMENT_DELIVERED) is the parent's to record when it says so.
  const events = new EventStream(input.carried?.seq ?? (input.deliveryRecorded ? 1 : 0));
  const children = new ChildrenTracker(input.carried?.children ?? []);
  /** Completions of the children this run started (a continued run only has the signals). */
  const childRuns: Array<Promise<unknown>> = [];
  let busy = false;
  let changed = false;

  const view = (): AssignmentState => {
    refreshDerived(state, Date.now());
    state.children = state.forward ? children.summary() : null;
    // A copy, so callers never hold the live state (structuredClone is not in the workflow sandbox).
    return JSON.parse(JSON.stringify(state)) as AssignmentState;
  };

  /** The changes as events, each with the snapshot after all of them (`current`: the view after them). */
  const assignmentEvents = (changes: AssignmentChange[], current = view()): NewAssignmentEvent[] => {
    const after = snapshotOf(current, input);
    return changes.map((change) => ({ ...change, directiveId: state.directiveId, assignmentId, snapshot: after }) as NewAssignmentEvent);
  };

  /** What the parent is told of this assignment: its state now (`current`: a view taken now). */
  const childSnapshot = (current = view()): ChildSnapshot => {
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

  /** Records events (this assignment's, and a directive it issues), then tells the parent the state after them (`current`). */
  const recordAndTell = async (actor: Actor | null, current: AssignmentState, ...recorded: Array<NewAssignmentEvent | NewDirectiveEvent>): Promise<void> => {
    await events.recordTelling(actor, { parentWorkflowId: input.parentWorkflowId, snapshot: childSnapshot(current) }, ...recorded);
  };

  /** Records assignment changes, each event with the snapshot after all of them, then tells the parent. */
  const record = (actor: Actor | null, ...changes: AssignmentChange[]): Promise<void> => {
    const current = view();
    return recordAndTell(actor, current, ...assignmentEvents(changes, current));
  };

  const resolveEscalations = (predicate: (e: EscalationRecord) => boolean): number[] => {
    const now = Date.now();
    const resolved: number[] = [];
    for (const escalation of state.escalations) {
      if (escalation.resolvedAt === null && predicate(escalation)) {
        escalation.resolvedAt = now;
        resolved.push(escalation.level);
      }
    }
    return resolved;
  };

  /** 签收: changes the state and returns the changes to record. */
  const markAcknowledged = (): AssignmentChange[] => {
    state.status = 'ACKNOWLEDGED';
    state.acknowledgedAt = Date.now();
    const resolved = resolveEscalations((e) => e.reason === 'NOT_ACKNOWLEDGED');
    return [
      { type: 'ASSIGNMENT_ACKNOWLEDGED' },
      ...(resolved.length ? [{ type: 'ESCALATIONS_RESOLVED' as const, levels: resolved, resolvedAt: state.acknowledgedAt }] : []),
    ];
  };

  const acknowledge = (actor: Actor): Promise<void> => record(actor, ...markAcknowledged());

  const escalate = async (level: 1 | 2 | 3, reason: EscalationRecord['reason']): Promise<void> => {
    const now = Date.now();
    let escalation = state.escalations.find((e) => e.level === level);
    if (!escalation) {
      escalation = { level, reason, firedAt: now, resolvedAt: null };
      state.escalations.push(escalation);
    } else {
      // At most one per assignment and level: a later cause re-opens the same record.
      escalation.reason = reason;
      if (escalation.resolvedAt !== null) {
        escalation.firedAt = now;
        escalation.resolvedAt = null;
      }
    }
    await record(null, { type: 'ESCALATED', escalation: { ...escalation } });
  };

  const fire = async (step: Step): Promise<void> => {
    state.firedSteps.push(step.key);
    if (step.kind === 'ack') await escalate(1, 'NOT_ACKNOWLEDGED');
    else if (step.kind === 'remind') await record(null, { type: 'REMINDER_SENT', key: step.key });
    else await escalate(step.level, 'OVERDUE');
  };

  setHandler(assignmentStateQuery, view);

  setHandler(childChangedSignal, (child) => {
    children.update(child);
  });

  setHandler(
    acknowledgeUpdate,
    async ({ actor }) => {
      if (state.status === 'DELIVERED') await acknowledge(actor);
      return view();
    },
    { validator: ({ actor }) => rejectIf(acknowledgeProblem(state, actor)) },
  );

  setHandler(
    forwardUpdate,
    async ({ actor, ...forward }) => {
      if (state.forward && forward.directiveId !== undefined && state.forward.directiveId === forward.directiveId) return view();
      busy = true;
      try {
        const forwardedAt = Date.now();
        const review = await reviewForward({ assignmentId, unitCode: state.unitCode, ownDeadline: state.schedule.deadline, forwardedAt, forward });
        if (review.rejection) throw ApplicationFailure.create({ type: 'ForwardRejected', message: review.rejection, nonRetryable: true });
        const acknowledged = state.status === 'DELIVERED' ? markAcknowledged() : [];
        const policy = { ...DEFAULT_POLICY, ...forward.policy };
        const directiveId = forward.directiveId ?? uuid4();
        const schedule = await planSchedule({ deliveredAt: forwardedAt, deadline: forward.deadline, policy });
        const record_: ForwardRecord = {
          directiveId,
          docNumber: forward.docNumber,
          title: forward.title,
          deadline: forward.deadline,
          recipients: review.recipients,
          forwardedAt,
          warnings: review.warnings,
        };
        state.forward = record_;
        state.status = 'FORWARDED';
        const issued: NewDirectiveEvent = {
          type: 'DIRECTIVE_ISSUED',
          directiveId,
          assignmentId: null,
          directive: {
            id: directiveId,
            docNumber: forward.docNumber,
            title: forward.title,
            body: forward.body ?? null,
            issuerUnit: state.unitCode,
            deadline: forward.deadline,
            policy,
            obligations: forward.obligations ?? [],
            recipients: review.recipients,
            forwardsDirectiveId: state.directiveId,
            parentAssignmentId: assignmentId,
            rootDirectiveId: input.directive.rootDirectiveId,
            issuedAt: forwardedAt,
          },
        };
        const forwarded: AssignmentChange = { type: 'ASSIGNMENT_FORWARDED', forward: record_ };
        const current = view();
        await recordAndTell(actor, current, ...assignmentEvents(acknowledged, current), issued, ...assignmentEvents([forwarded], current));
        await deliver(
          {
            directive: { id: directiveId, rootDirectiveId: input.directive.rootDirectiveId, docNumber: forward.docNumber, title: forward.title, issuerUnit: state.unitCode },
            recipients: review.recipients,
            parentWorkflowId: assignmentId,
            parentAssignmentId: assignmentId,
            deliveredAt: forwardedAt,
            schedule,
            policy,
          },
          children,
          childRuns,
        );
        return view();
      } finally {
        busy = false;
        changed = true;
      }
    },
    { validator: ({ actor, deadline, recipients, directiveId }) => rejectIf(forwardProblem(state, actor, deadline, recipients ?? [], busy, directiveId)) },
  );

  setHandler(
    submitReportUpdate,
    async ({ actor, content, zeroReport, attachments }) => {
      const now = Date.now();
      const report: ReportRecord = {
        id: `${assignmentId}#R${state.reports.length + 1}`,
        version: state.reports.length + 1,
        content: content ?? '',
        zeroReport: zeroReport ?? false,
        attachments: attachments ?? [],
        submittedAt: now,
        late: now > state.schedule.deadline,
        rollup: state.forward ? children.summary() : null,
      };
      state.reports.push(report);
      state.status = 'REPORTED';
      state.reportedAt = now;
      state.late = report.late;
      const resolved = resolveEscalations(() => true);
      changed = true;
      await record(
        actor,
        { type: 'REPORT_SUBMITTED', report },
        ...(resolved.length ? [{ type: 'ESCALATIONS_RESOLVED' as const, levels: resolved, resolvedAt: now }] : []),
      );
      return view();
    },
    {
      validator: ({ actor, content, zeroReport }) =>
        rejectIf(reportProblem(state, actor, content ?? '', zeroReport ?? false, children.allReported(), busy)),
    },
  );

  setHandler(
    acceptUpdate,
    async ({ actor }) => {
      state.status = 'ACCEPTED';
      state.acceptedAt = Date.now();
      changed = true;
      const reportId = state.reports.at(-1)?.id ?? '';
      await record(actor, { type: 'REPORT_ACCEPTED', reportId });
      return view();
    },
    { validator: ({ actor }) => rejectIf(acceptProblem(state, actor)) },
  );

  const context: AssignmentContext = {
    assignmentId,
    input,
    state,
    children,
    events,
    record,
    resolveEscalations,
    view,
    touch: () => {
      changed = true;
    },
    get busy() {
      return busy;
    },
    set busy(value: boolean) {
      busy = value;
    },
  };
  registerChangeHandlers(context);

  if (!input.carried && !input.deliveryRecorded) await record(null, { type: 'ASSIGNMENT_DELIVERED' });

  const finished = () => CLOSED_STATUSES.includes(state.status) && children.allClosed();
  while (!finished()) {
    if (workflowInfo().continueAsNewSuggested && !busy) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof assignmentWorkflow>({ ...input, carried: { state, seq: events.position, children: children.list() } });
    }
    const next = earliest(pendingSteps(state));
    if (next && next.at <= Date.now()) {
      await fire(next);
      continue;
    }
    changed = false;
    // Children's signals wake the loop only when they can end it; otherwise the timer stays armed.
    const woken = () => changed || finished() || workflowInfo().continueAsNewSuggested;
    if (next) await condition(woken, next.at - Date.now());
    else await condition(woken);
  }
  await Promise.all(childRuns);
  await condition(allHandlersFinished);
  return view();
}


