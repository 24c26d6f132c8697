import { ApplicationFailure, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import {
  acknowledgeAmendmentUpdate,
  type Actor,
  type AmendmentChanges,
  amendForwardUpdate,
  amendSignal,
  CLOSED_STATUSES,
  decideExtensionUpdate,
  type ExtensionRequestRecord,
  requestExtensionUpdate,
  rescheduleUpdate,
  returnReportUpdate,
  URGE_THROTTLED,
  urgeUpdate,
  withdrawForwardUpdate,
  withdrawSignal,
} from '@cascade/contracts';
import { parseDurationSpec } from '@cascade/domain/deadlines/duration-spec';
import { formatCivilDate } from '@cascade/domain/time/civil-date';
import { SHANGHAI_OFFSET_MS, shanghaiDayOf } from '@cascade/domain/time/shanghai-time';
import { planSchedule, proposeForwardDeadline } from './activities';
import type { AssignmentChange, AssignmentContext } from './assignment-context';
import { rejectIf } from './assignment-rules';
import {
  amendmentAckProblem,
  extensionDecisionProblem,
  extensionRequestProblem,
  forwardChangeProblem,
  rescheduleProblem,
  returnProblem,
  urgeProblem,
} from './change-rules';

const DAY_MS = 24 * 3600_000;

/** Least time between urges; working days count as whole days here (the throttle needs no calendar). */
function urgeIntervalMs(spec: string | undefined): number {
  const duration = parseDurationSpec(spec ?? 'PT4H');
  return duration.kind === 'fixed' ? duration.ms : duration.days * DAY_MS;
}

/**
 * Handlers for changes while a cascade runs (退回, 延期, 撤回, 更正, 催办, calendar updates),
 * registered on an assignment run beside its basic lifecycle.
 */
export function registerChangeHandlers(ctx: AssignmentContext): void {
  const { state } = ctx;

  /** New timers for a new report deadline; steps that already fired stay fired (their keys). */
  const replan = async (deadline: number, cause: 'EXTENSION' | 'RETURN' | 'AMENDMENT'): Promise<AssignmentChange> => {
    const previousDeadline = state.schedule.deadline;
    state.schedule = await planSchedule({ deliveredAt: state.deliveredAt, deadline, policy: state.policy });
    ctx.touch();
    return { type: 'DEADLINE_CHANGED', deadline, previousDeadline, cause };
  };

  const openChildren = (units?: string[] | null) =>
    ctx.children.list().filter((child) => !CLOSED_STATUSES.includes(child.status) && (!units || units.includes(child.unitCode)));

  const withdrawChildren = async (reason: string, by: Actor, units?: string[] | null): Promise<string[]> => {
    const targets = openChildren(units);
    await Promise.all(targets.map((child) => getExternalWorkflowHandle(child.assignmentId).signal(withdrawSignal, { reason, by }).catch(() => undefined)));
    return targets.map((child) => child.unitCode);
  };

  const withdrawForwardDirective = async (reason: string, by: Actor, units?: string[] | null): Promise<string[]> => {
    const forward = state.forward;
    if (!forward) return [];
    const withdrawn = await withdrawChildren(reason, by, units);
    await ctx.events.record(by, { type: 'DIRECTIVE_WITHDRAWN', directiveId: forward.directiveId, assignmentId: null, reason, units: units ?? null });
    return withdrawn;
  };

  /** Pushes a new version of this unit's forward down to its recipients. */
  const amendForwardDirective = async (changes: AmendmentChanges, note: string, by: Actor): Promise<number> => {
    const forward = state.forward;
    if (!forward) return 0;
    forward.version = (forward.version ?? 1) + 1;
    if (changes.title !== undefined) forward.title = changes.title;
    if (changes.deadline !== undefined) forward.deadline = changes.deadline;
    await ctx.events.record(by, { type: 'DIRECTIVE_AMENDED', directiveId: forward.directiveId, assignmentId: null, version: forward.version, changes, note });
    const version = forward.version;
    await Promise.all(
      openChildren().map((child) => getExternalWorkflowHandle(child.assignmentId).signal(amendSignal, { version, changes, note, by }).catch(() => undefined)),
    );
    return version;
  };

  setHandler(
    returnReportUpdate,
    async ({ actor, reason, newDeadline }) => {
      const report = state.reports.at(-1);
      if (report) {
        report.status = 'RETURNED';
        report.returnReason = reason;
      }
      state.status = state.forward ? 'FORWARDED' : 'ACKNOWLEDGED';
      state.reportedAt = null;
      state.late = false;
      ctx.touch();
      const changes: AssignmentChange[] = [{ type: 'REPORT_RETURNED', reportId: report?.id ?? '', reason, newDeadline: newDeadline ?? null }];
      if (newDeadline) changes.push(await replan(newDeadline, 'RETURN'));
      await ctx.record(actor, ...changes);
      return ctx.view();
    },
    { validator: ({ actor, reason, newDeadline }) => rejectIf(returnProblem(state, actor, reason ?? '', newDeadline ?? null, Date.now())) },
  );

  setHandler(
    requestExtensionUpdate,
    async ({ actor, newDeadline, reason }) => {
      const requests = (state.extensionRequests = state.extensionRequests ?? []);
      const request: ExtensionRequestRecord = {
        id: `${ctx.assignmentId}#X${requests.length + 1}`,
        requestedDeadline: newDeadline,
        reason,
        requestedAt: Date.now(),
        requestedBy: actor,
        status: 'PENDING',
        decidedAt: null,
        decidedBy: null,
        decisionNote: null,
      };
      requests.push(request);
      await ctx.record(actor, { type: 'EXTENSION_REQUESTED', request: { ...request } });
      return ctx.view();
    },
    { validator: ({ actor, newDeadline, reason }) => rejectIf(extensionRequestProblem(state, actor, newDeadline, reason ?? '')) },
  );

  setHandler(
    decideExtensionUpdate,
    async ({ actor, requestId, approve, note }) => {
      const request = (state.extensionRequests ?? []).find((r) => r.id === requestId) as ExtensionRequestRecord;
      request.status = approve ? 'APPROVED' : 'REJECTED';
      request.decidedAt = Date.now();
      request.decidedBy = actor;
      request.decisionNote = note ?? null;
      const changes: AssignmentChange[] = [{ type: 'EXTENSION_DECIDED', request: { ...request } }];
      if (approve) {
        changes.push(await replan(request.requestedDeadline, 'EXTENSION'));
        const resolved = ctx.resolveEscalations((e) => e.reason === 'OVERDUE');
        if (resolved.length) changes.push({ type: 'ESCALATIONS_RESOLVED', levels: resolved, resolvedAt: request.decidedAt });
        const forward = state.forward;
        if (forward) {
          // Children keep their deadline; one now far earlier than budgeting would give is pointed out.
          const proposed = await proposeForwardDeadline({ unitCode: state.unitCode, parentDeadline: request.requestedDeadline, forwardedAt: forward.forwardedAt });
          if (forward.deadline < proposed - DAY_MS) {
            const message = `本单位时限已延期，下级转发时限（${shanghaiDay(forward.deadline)}）早于按新时限建议的 ${shanghaiDay(proposed)}，可考虑更正转发时限`;
            state.flags = [...(state.flags ?? []), message];
            changes.push({ type: 'FORWARD_FLAGGED', message });
          }
        }
      }
      await ctx.record(actor, ...changes);
      return ctx.view();
    },
    { validator: ({ actor, requestId }) => rejectIf(extensionDecisionProblem(state, actor, requestId)) },
  );

  setHandler(
    urgeUpdate,
    async ({ actor, note }) => {
      const urges = (state.urges = state.urges ?? { count: 0, lastAt: null });
      urges.count += 1;
      urges.lastAt = Date.now();
      await ctx.record(actor, { type: 'URGED', note: note ?? null, count: urges.count });
      return ctx.view();
    },
    {
      validator: ({ actor }) => {
        rejectIf(urgeProblem(state, actor));
        const last = state.urges?.lastAt;
        const nextAllowedAt = last === null || last === undefined ? 0 : last + urgeIntervalMs(state.policy.urgeInterval);
        if (Date.now() < nextAllowedAt) {
          throw ApplicationFailure.create({ type: URGE_THROTTLED, message: `催办过于频繁，${shanghaiTime(nextAllowedAt)} 后可再次催办`, details: [nextAllowedAt] });
        }
      },
    },
  );

  setHandler(
    acknowledgeAmendmentUpdate,
    async ({ actor, version }) => {
      const amendment = (state.amendments ?? []).find((a) => a.version === version);
      if (amendment && amendment.acknowledgedAt === null) {
        amendment.acknowledgedAt = Date.now();
        await ctx.record(actor, { type: 'AMENDMENT_ACKNOWLEDGED', version });
      }
      return ctx.view();
    },
    { validator: ({ actor, version }) => rejectIf(amendmentAckProblem(state, actor, version)) },
  );

  setHandler(
    rescheduleUpdate,
    async ({ actor, schedule }) => {
      const next = { ...schedule, deadline: state.schedule.deadline };
      if (JSON.stringify(next) !== JSON.stringify(state.schedule)) {
        state.schedule = next;
        ctx.touch();
        await ctx.record(actor, { type: 'DEADLINE_CHANGED', deadline: next.deadline, previousDeadline: next.deadline, cause: 'CALENDAR' });
      }
      return ctx.view();
    },
    { validator: ({ actor }) => rejectIf(rescheduleProblem(state, actor)) },
  );

  setHandler(
    withdrawForwardUpdate,
    async ({ actor, reason, units }) => ({ withdrawn: await withdrawForwardDirective(reason, actor, units) }),
    { validator: ({ actor, units }) => rejectIf(forwardChangeProblem(state, actor, units)) },
  );

  setHandler(
    amendForwardUpdate,
    async ({ actor, changes, note }) => ({ version: await amendForwardDirective(changes, note, actor) }),
    {
      validator: ({ actor, changes }) => {
        rejectIf(forwardChangeProblem(state, actor, null));
        if (changes.deadline !== undefined && changes.deadline > state.schedule.deadline) rejectIf('转发时限不能晚于本单位的报送时限');
      },
    },
  );

  setHandler(withdrawSignal, async ({ reason, by }) => {
    if (CLOSED_STATUSES.includes(state.status)) return;
    state.status = 'WITHDRAWN';
    state.withdrawal = { reason, at: Date.now() };
    ctx.touch();
    const resolved = ctx.resolveEscalations(() => true);
    await ctx.record(
      by,
      { type: 'ASSIGNMENT_WITHDRAWN', reason },
      ...(resolved.length ? [{ type: 'ESCALATIONS_RESOLVED' as const, levels: resolved, resolvedAt: state.withdrawal.at }] : []),
    );
    if (state.forward) await withdrawForwardDirective(reason, by);
  });

  setHandler(amendSignal, async ({ version, changes, note, by }) => {
    const amendments = (state.amendments = state.amendments ?? []);
    if (CLOSED_STATUSES.includes(state.status) || amendments.some((a) => a.version === version)) return;
    amendments.push({ version, note, changes, receivedAt: Date.now(), acknowledgedAt: null });
    const events: AssignmentChange[] = [{ type: 'AMENDMENT_RECEIVED', version, changes, note }];
    if (changes.deadline !== undefined && changes.deadline !== state.schedule.deadline) events.push(await replan(changes.deadline, 'AMENDMENT'));
    await ctx.record(by, ...events);
    const forward = state.forward;
    if (!forward) return;
    // The forward carries the new text; its deadline moves only where it no longer fits.
    const forwardChanges: AmendmentChanges = { ...changes };
    delete forwardChanges.title;
    delete forwardChanges.deadline;
    if (changes.deadline !== undefined && forward.deadline > changes.deadline) {
      const proposed = await proposeForwardDeadline({ unitCode: state.unitCode, parentDeadline: changes.deadline, forwardedAt: Date.now() });
      forwardChanges.deadline = Math.min(proposed, changes.deadline);
      forward.deadline = forwardChanges.deadline;
      const message = `上级更正后报送时限提前，转发给下级的时限已按预算重新计算为 ${shanghaiDay(forwardChanges.deadline)}`;
      state.flags = [...(state.flags ?? []), message];
      await ctx.record(null, { type: 'FORWARD_FLAGGED', message });
    }
    await amendForwardDirective(forwardChanges, note, by);
  });
}

function shanghaiDay(instant: number): string {
  return formatCivilDate(shanghaiDayOf(new Date(instant)));
}

function shanghaiTime(instant: number): string {
  return new Date(instant + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
