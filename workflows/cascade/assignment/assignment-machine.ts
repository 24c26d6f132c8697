import {
  type Actor,
  type AmendmentChanges,
  type AssignmentSchedule,
  type AssignmentState,
  type AssignmentStatus,
  type ChildrenSummary,
  CLOSED_STATUSES,
  DEFAULT_POLICY,
  type EscalationRecord,
  type ExtensionRequestRecord,
  type ForwardInput,
  type PlanScheduleInput,
  type ProposeForwardDeadlineInput,
  type ReportInput,
  REPORTED_STATUSES,
  type ReviewForwardInput,
  type ReviewForwardResult,
  type UpstreamDocument,
} from '@cascade/contracts';
import { type DeadlineBound, deadlineProblem, formatChineseDate } from '@cascade/domain/deadlines/deadline-rules';
import { parseDurationSpec } from '@cascade/domain/deadlines/duration-spec';
import { formatCivilDate } from '@cascade/domain/time/civil-date';
import { SHANGHAI_OFFSET_MS, shanghaiDayOf } from '@cascade/domain/time/shanghai-time';
import type { NewAssignmentEvent, NewDirectiveEvent } from '../event-stream';
import { pendingSteps, type Step } from '../assignment-steps';
import { type Refusal, recipientsRefusal, refusals } from './refusals';

/**
 * 承办任务 as a pure state machine: `decide(state, command, facts)` answers a command with the
 * events it causes or a refusal, `evolve(state, event)` applies one event. Neither reads the clock
 * nor calls anything: the workflow passes the time and the results of the activities a command
 * `needs` (schedules, the forward's review, the budgeted forward deadline).
 */

// ---- Commands ----

/** What the activities a command needs answered, run by the workflow before it decides. */
export interface ActivityResults {
  review?: ReviewForwardResult;
  schedule?: AssignmentSchedule;
  forwardDeadline?: number;
}

export type Command = (
  | { type: 'acknowledge'; actor: Actor }
  /** `forward.directiveId` is set by the workflow (a new id) before it decides. */
  | { type: 'forward'; actor: Actor; forward: ForwardInput }
  | { type: 'report'; actor: Actor; report: ReportInput }
  | { type: 'accept'; actor: Actor }
  /** `issuerDeadline`: what the issuing unit itself owes one level up (null at the top), see IssuerDeadline. */
  | { type: 'return'; actor: Actor; reason: string; newDeadline: number | null; issuerDeadline?: number | null }
  | { type: 'requestExtension'; actor: Actor; newDeadline: number; reason: string; issuerDeadline?: number | null }
  | {
      type: 'decideExtension';
      actor: Actor;
      requestId: string;
      approve: boolean;
      note: string | null;
      issuerDeadline?: number | null;
    }
  | { type: 'urge'; actor: Actor; note: string | null; belowQuota?: boolean }
  | { type: 'acknowledgeAmendment'; actor: Actor; version: number }
  | { type: 'reschedule'; actor: Actor; schedule: AssignmentSchedule }
  | { type: 'withdrawForward'; actor: Actor; reason: string; units: string[] | null }
  | { type: 'amendForward'; actor: Actor; changes: AmendmentChanges; note: string }
  /** Signals from above: never refused, ignored once closed. */
  | { type: 'withdraw'; actor: Actor; reason: string }
  /** `upstream`: the amended document is above the assignment's own directive (relayed by its issuer). */
  | {
      type: 'amend';
      actor: Actor;
      version: number;
      changes: AmendmentChanges;
      note: string;
      upstream?: UpstreamDocument | null;
    }
  /** A timer step is due. */
  | { type: 'fire'; actor: null; step: Step }
) & { results?: ActivityResults };

export type CommandType = Command['type'];

/** What the workflow knows besides the state: the time, the children, whether it is busy. */
export interface Facts {
  now: number;
  /** An earlier operation (a forward) is still running. */
  busy: boolean;
  /** The children's 汇总, when the unit forwarded. */
  children: ChildrenSummary | null;
  childrenAllReported: boolean;
  rootDirectiveId: string;
}

// ---- Events ----

type AssignmentChangeOf<E> = E extends { type: string } ? Omit<E, 'directiveId' | 'assignmentId' | 'snapshot'> : never;
/** An assignment event before the workflow adds directive, assignment and snapshot. */
export type AssignmentChange = AssignmentChangeOf<NewAssignmentEvent>;

/** What the machine needs of an event beyond its recorded payload: the instant, a fired step's key, a new schedule. */
export type MachineEvent = { at: number } & (
  | Exclude<AssignmentChange, { type: 'ESCALATED' | 'DEADLINE_CHANGED' }>
  | (Extract<AssignmentChange, { type: 'ESCALATED' }> & { step: string })
  | (Extract<AssignmentChange, { type: 'DEADLINE_CHANGED' }> & { schedule: AssignmentSchedule })
  | NewDirectiveEvent
);

export type Decision = { events: MachineEvent[]; refusal?: undefined } | { refusal: Refusal; events?: undefined };

// ---- Who may act ----

/** Who may ask for a command: null when `actor` may, else the refusal. */
type ActorRule = (state: AssignmentState, actor: Actor) => Refusal | null;

const isUnit = (state: AssignmentState, actor: Actor) => actor.unitCode === state.unitCode || actor.role === 'system';
const isIssuer = (state: AssignmentState, actor: Actor) =>
  actor.unitCode === state.issuerUnit || actor.role === 'system';

const theUnit: ActorRule = (state, actor) => (isUnit(state, actor) ? null : refusals.notTheUnit(state));
const theIssuer =
  (refusal: () => Refusal): ActorRule =>
  (state, actor) =>
    isIssuer(state, actor) ? null : refusal();
const aLeaderOfTheIssuer: ActorRule = (state, actor) => {
  if (!isIssuer(state, actor)) return refusals.onlyIssuerDecides();
  return ['leader', 'admin', 'system'].includes(actor.role) ? null : refusals.leaderDecides();
};
const theIssuerOrASupervisor: ActorRule = (state, actor) =>
  isIssuer(state, actor) || actor.role === 'supervisor' || actor.role === 'admin'
    ? null
    : refusals.onlyIssuerOrSupervisorUrges();
const anAdmin: ActorRule = (_state, actor) =>
  actor.role === 'system' || actor.role === 'admin' ? null : refusals.onlyAdminReschedules();
/** Signals from above and timers: whoever sent them was checked where they came from. */
const anyone: ActorRule = () => null;

// ---- The table ----

type Of<T extends CommandType> = Extract<Command, { type: T }>;

interface Transition<T extends CommandType> {
  /** Who may ask (refused first). */
  actor: ActorRule;
  /** The statuses it acts in (else refused or, for signals and timers, ignored); `to`: the status after. */
  from: readonly AssignmentStatus[];
  to: AssignmentStatus | null;
  /** The refusals after the actor's, in the order the user should hear them. */
  check(state: AssignmentState, command: Of<T>, facts: Facts): Refusal | null;
  /** The activities to run before deciding, if any. */
  needs?(state: AssignmentState, command: Of<T>, facts: Facts): ActivityNeeds;
  /** The events, once nothing is refused. */
  emit(state: AssignmentState, command: Of<T>, facts: Facts): MachineEvent[];
}

export interface ActivityNeeds {
  review?: ReviewForwardInput;
  schedule?: PlanScheduleInput;
  forwardDeadline?: ProposeForwardDeadlineInput;
}

const OPEN: readonly AssignmentStatus[] = ['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'RETURNED', 'REPORTED'];
const OWING: readonly AssignmentStatus[] = ['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'RETURNED'];
const DAY_MS = 24 * 3600_000;

const withdrawn = (state: AssignmentState) => (state.status === 'WITHDRAWN' ? refusals.withdrawn() : null);
const closed = (state: AssignmentState) => (CLOSED_STATUSES.includes(state.status) ? refusals.closed(state) : null);
const sameForward = (state: AssignmentState, directiveId: string | undefined) =>
  state.forward !== null && directiveId !== undefined && state.forward.directiveId === directiveId;

/** Every command: who, from which statuses, what is refused, what happens. */
export const TRANSITIONS: { [T in CommandType]: Transition<T> } = {
  acknowledge: {
    actor: theUnit,
    from: ['DELIVERED'],
    to: 'ACKNOWLEDGED',
    check: (state) => withdrawn(state),
    emit: (state, _command, { now }) => (state.status === 'DELIVERED' ? acknowledged(state, now) : []),
  },

  forward: {
    actor: theUnit,
    from: ['DELIVERED', 'ACKNOWLEDGED', 'RETURNED'],
    to: 'FORWARDED',
    check(state, { forward }, { busy, now }) {
      const basic = withdrawn(state);
      if (basic) return basic;
      // A retry of the forward that was made (same directive id) is answered, not refused.
      if (sameForward(state, forward.directiveId)) return null;
      if (busy) return refusals.busy();
      if (state.forward) return refusals.alreadyForwarded(state.forward.docNumber);
      if (!TRANSITIONS.forward.from.includes(state.status)) return refusals.cannotForwardIn(state);
      if (!Number.isFinite(forward.deadline)) return refusals.invalidForwardDeadline();
      const problem = deadlineProblem('转发期限', forward.deadline, now, ownDeadline(state));
      if (problem) return refusals.deadline(problem);
      return recipientsRefusal(forward.recipients ?? [], state.unitCode);
    },
    // The review, then the children's timers (the schedule the delivery gives them).
    needs: (state, { forward }, { now }) =>
      sameForward(state, forward.directiveId)
        ? {}
        : {
            review: {
              assignmentId: state.assignmentId,
              unitCode: state.unitCode,
              ownDeadline: state.schedule.deadline,
              forwardedAt: now,
              forward,
            },
            schedule: {
              deliveredAt: now,
              deadline: forward.deadline,
              policy: { ...DEFAULT_POLICY, ...forward.policy },
            },
          },
    emit(state, { forward, results }, { now, rootDirectiveId }) {
      if (sameForward(state, forward.directiveId)) return [];
      const review = required(results?.review, 'review');
      const directiveId = required(forward.directiveId, 'directiveId');
      const record = {
        directiveId,
        docNumber: forward.docNumber,
        title: forward.title,
        deadline: forward.deadline,
        recipients: review.recipients,
        forwardedAt: now,
        warnings: review.warnings,
      };
      const directive = {
        id: directiveId,
        docNumber: forward.docNumber,
        title: forward.title,
        body: forward.body ?? null,
        issuerUnit: state.unitCode,
        deadline: forward.deadline,
        policy: { ...DEFAULT_POLICY, ...forward.policy },
        obligations: forward.obligations ?? [],
        recipients: review.recipients,
        forwardsDirectiveId: state.directiveId,
        parentAssignmentId: state.assignmentId,
        rootDirectiveId,
        issuedAt: now,
        ...(forward.documents ? { documents: forward.documents } : {}),
        ...(forward.form ? { form: forward.form } : {}),
      };
      return [
        ...(state.status === 'DELIVERED' ? acknowledged(state, now) : []),
        { at: now, type: 'DIRECTIVE_ISSUED', directiveId, assignmentId: null, directive },
        { at: now, type: 'ASSIGNMENT_FORWARDED', forward: record },
      ];
    },
  },

  report: {
    actor: theUnit,
    from: ['ACKNOWLEDGED', 'FORWARDED', 'RETURNED'],
    to: 'REPORTED',
    check(state, { report }, { busy, childrenAllReported }) {
      const basic = withdrawn(state);
      if (basic) return basic;
      if (busy) return refusals.busy();
      if (state.status === 'DELIVERED') return refusals.notAcknowledged();
      if (REPORTED_STATUSES.includes(state.status)) return refusals.alreadyReported();
      if (!TRANSITIONS.report.from.includes(state.status)) return refusals.cannotReportIn(state);
      // 以电子版形式报: files alone are a report, and so are the figures of a 填报表.
      if (
        !report.zeroReport &&
        (report.content ?? '').trim() === '' &&
        !report.files?.length &&
        !(report.values && Object.keys(report.values).length)
      )
        return refusals.emptyReport();
      if (state.forward && state.policy.requireChildrenBeforeReport && !childrenAllReported)
        return refusals.childrenNotReported();
      return null;
    },
    emit(state, { report }, { now, children }) {
      const version = state.reports.length + 1;
      const submitted = {
        id: `${state.assignmentId}#R${version}`,
        version,
        content: report.content ?? '',
        zeroReport: report.zeroReport ?? false,
        attachments: report.attachments ?? [],
        ...(report.files?.length ? { files: report.files } : {}),
        ...(report.values ? { values: report.values } : {}),
        ...(report.totals ? { totals: report.totals } : {}),
        ...(report.explanation ? { explanation: report.explanation } : {}),
        submittedAt: now,
        late: now > state.schedule.deadline,
        rollup: state.forward ? children : null,
      };
      return [{ at: now, type: 'REPORT_SUBMITTED', report: submitted }, ...resolved(state, now, null)];
    },
  },

  accept: {
    actor: theIssuer(refusals.onlyIssuerAccepts),
    from: ['REPORTED'],
    to: 'ACCEPTED',
    check: (state) => withdrawn(state) ?? (state.status === 'REPORTED' ? null : refusals.notReportedToAccept()),
    emit: (state, _command, { now }) => [
      { at: now, type: 'REPORT_ACCEPTED', reportId: state.reports.at(-1)?.id ?? '' },
    ],
  },

  return: {
    actor: theIssuer(refusals.onlyIssuerReturns),
    from: ['REPORTED'],
    to: 'RETURNED',
    check(state, { reason, newDeadline, issuerDeadline }, { now }) {
      if (state.status !== 'REPORTED') return closed(state) ?? refusals.notReportedToReturn();
      if (!(reason ?? '').trim()) return refusals.returnReasonMissing();
      const problem =
        newDeadline === null ? null : deadlineProblem('新的报送期限', newDeadline, now, issuerBound(issuerDeadline));
      return problem ? refusals.deadline(problem) : null;
    },
    needs: (state, { newDeadline }) =>
      newDeadline !== null
        ? { schedule: { deliveredAt: state.deliveredAt, deadline: newDeadline, policy: state.policy } }
        : {},
    emit(state, { reason, newDeadline, results }, { now }) {
      const events: MachineEvent[] = [
        { at: now, type: 'REPORT_RETURNED', reportId: state.reports.at(-1)?.id ?? '', reason, newDeadline },
      ];
      if (newDeadline !== null)
        events.push(deadlineChanged(state, now, required(results?.schedule, 'schedule'), 'RETURN'));
      return events;
    },
  },

  requestExtension: {
    actor: theUnit,
    from: OWING,
    to: null,
    check(state, { newDeadline, reason, issuerDeadline }, { now }) {
      const ended = closed(state);
      if (ended) return ended;
      if (REPORTED_STATUSES.includes(state.status)) return refusals.noExtensionAfterReport();
      if (!(reason ?? '').trim()) return refusals.extensionReasonMissing();
      if ((state.extensionRequests ?? []).some((r) => r.status === 'PENDING')) return refusals.extensionPending();
      // The issuer cannot grant what it does not have: asking beyond its own deadline is refused at once.
      const problem = deadlineProblem(
        '申请的延期期限',
        newDeadline,
        now,
        issuerBound(issuerDeadline, '发文单位报送期限'),
      );
      if (problem) return refusals.deadline(problem);
      if (!(newDeadline > state.schedule.deadline))
        return refusals.extensionNotLater(formatChineseDate(newDeadline), formatChineseDate(state.schedule.deadline));
      return null;
    },
    emit(state, { actor, newDeadline, reason }, { now }) {
      const request: ExtensionRequestRecord = {
        id: `${state.assignmentId}#X${(state.extensionRequests ?? []).length + 1}`,
        requestedDeadline: newDeadline,
        reason,
        requestedAt: now,
        requestedBy: actor,
        status: 'PENDING',
        decidedAt: null,
        decidedBy: null,
        decisionNote: null,
      };
      return [{ at: now, type: 'EXTENSION_REQUESTED', request }];
    },
  },

  decideExtension: {
    actor: aLeaderOfTheIssuer,
    from: OPEN,
    to: null,
    check(state, { requestId, approve, issuerDeadline }, { now }) {
      const ended = closed(state);
      if (ended) return ended;
      const request = (state.extensionRequests ?? []).find((r) => r.id === requestId);
      if (!request) return refusals.noSuchRequest();
      if (request.status !== 'PENDING') return refusals.alreadyDecided();
      // Beyond the approver's own deadline: refused; the approver asks its own issuer first (docs/api.md).
      const problem = approve
        ? deadlineProblem('延期期限', request.requestedDeadline, now, issuerBound(issuerDeadline))
        : null;
      return problem ? refusals.deadline(problem) : null;
    },
    needs(state, { requestId, approve }) {
      const request = (state.extensionRequests ?? []).find((r) => r.id === requestId);
      if (!approve || !request) return {};
      const schedule = { deliveredAt: state.deliveredAt, deadline: request.requestedDeadline, policy: state.policy };
      const forward = state.forward;
      return forward
        ? {
            schedule,
            forwardDeadline: {
              unitCode: state.unitCode,
              parentDeadline: request.requestedDeadline,
              forwardedAt: forward.forwardedAt,
            },
          }
        : { schedule };
    },
    emit(state, { actor, requestId, approve, note, results }, { now }) {
      const pending = (state.extensionRequests ?? []).find((r) => r.id === requestId) as ExtensionRequestRecord;
      const request: ExtensionRequestRecord = {
        ...pending,
        status: approve ? 'APPROVED' : 'REJECTED',
        decidedAt: now,
        decidedBy: actor,
        decisionNote: note,
      };
      const events: MachineEvent[] = [{ at: now, type: 'EXTENSION_DECIDED', request }];
      if (!approve) return events;
      events.push(
        deadlineChanged(state, now, required(results?.schedule, 'schedule'), 'EXTENSION'),
        ...resolved(state, now, 'OVERDUE'),
      );
      const forward = state.forward;
      if (forward) {
        // Children keep their deadline; one now far earlier than budgeting would give is pointed out.
        const proposed = required(results?.forwardDeadline, 'forwardDeadline');
        if (forward.deadline < proposed - DAY_MS) {
          const message = `本单位时限已延期，下级转发时限（${shanghaiDay(forward.deadline)}）早于按新时限建议的 ${shanghaiDay(proposed)}，可考虑更正转发时限`;
          events.push({ at: now, type: 'FORWARD_FLAGGED', message });
        }
      }
      return events;
    },
  },

  urge: {
    actor: theIssuerOrASupervisor,
    // A unit that reported below its period's quota is urged too.
    from: [...OWING, 'REPORTED'],
    to: null,
    check(state, { belowQuota }, { now }) {
      const ended = closed(state);
      if (ended) return ended;
      if (REPORTED_STATUSES.includes(state.status) && !belowQuota) return refusals.noUrgeAfterReport();
      const last = state.urges?.lastAt;
      const nextAllowedAt = last === null || last === undefined ? 0 : last + urgeIntervalMs(state.policy.urgeInterval);
      return now < nextAllowedAt ? refusals.urgeThrottled(nextAllowedAt, shanghaiTime(nextAllowedAt)) : null;
    },
    emit: (state, { note }, { now }) => [{ at: now, type: 'URGED', note, count: (state.urges?.count ?? 0) + 1 }],
  },

  acknowledgeAmendment: {
    actor: theUnit,
    from: [...OPEN, 'ACCEPTED'],
    to: null,
    check: (state, { version }) =>
      withdrawn(state) ?? (ownAmendment(state, version) ? null : refusals.noSuchAmendment(version)),
    emit(state, { version }, { now }) {
      const amendment = ownAmendment(state, version);
      return amendment && amendment.acknowledgedAt === null
        ? [{ at: now, type: 'AMENDMENT_ACKNOWLEDGED', version }]
        : [];
    },
  },

  reschedule: {
    actor: anAdmin,
    from: OPEN,
    to: null,
    check: (state) => closed(state),
    emit(state, { schedule }, { now }) {
      const next = { ...schedule, deadline: state.schedule.deadline };
      if (JSON.stringify(next) === JSON.stringify(state.schedule)) return [];
      return [
        {
          at: now,
          type: 'DEADLINE_CHANGED',
          deadline: next.deadline,
          previousDeadline: next.deadline,
          cause: 'CALENDAR',
          schedule: next,
        },
      ];
    },
  },

  withdrawForward: {
    actor: theUnit,
    from: [...OPEN, 'ACCEPTED'],
    to: null,
    check: (state, { units }) => withdrawn(state) ?? forwardRefusal(state, units),
    emit: (state, { reason, units }, { now }) => withdrawnForward(state, now, reason, units),
  },

  amendForward: {
    actor: theUnit,
    from: [...OPEN, 'ACCEPTED'],
    to: null,
    check(state, { changes }, { now }) {
      const refusal = withdrawn(state) ?? forwardRefusal(state, null);
      if (refusal) return refusal;
      const problem =
        changes.deadline === undefined ? null : deadlineProblem('转发期限', changes.deadline, now, ownDeadline(state));
      return problem ? refusals.deadline(problem) : null;
    },
    emit: (state, { changes, note }, { now }) => amendedForward(state, now, changes, note),
  },

  withdraw: {
    actor: anyone,
    from: OPEN,
    to: 'WITHDRAWN',
    check: () => null,
    emit(state, { reason }, { now }) {
      if (CLOSED_STATUSES.includes(state.status)) return [];
      return [
        { at: now, type: 'ASSIGNMENT_WITHDRAWN', reason },
        ...resolved(state, now, null),
        ...withdrawnForward(state, now, reason, null),
      ];
    },
  },

  amend: {
    actor: anyone,
    from: OPEN,
    to: null,
    check: () => null,
    needs(state, { version, changes, upstream }, { now }) {
      // An upstream document's deadline is not this assignment's: only its own directive's moves it.
      if (ignoresAmendment(state, version, upstream) || upstream) return {};
      const needs: ActivityNeeds = {};
      if (changes.deadline !== undefined && changes.deadline !== state.schedule.deadline)
        needs.schedule = { deliveredAt: state.deliveredAt, deadline: changes.deadline, policy: state.policy };
      if (changes.deadline !== undefined && state.forward && state.forward.deadline > changes.deadline) {
        needs.forwardDeadline = { unitCode: state.unitCode, parentDeadline: changes.deadline, forwardedAt: now };
      }
      return needs;
    },
    emit(state, { version, changes, note, upstream, results }, { now }) {
      if (ignoresAmendment(state, version, upstream)) return [];
      const events: MachineEvent[] = [
        { at: now, type: 'AMENDMENT_RECEIVED', version, changes, note, ...(upstream ? { upstream } : {}) },
      ];
      if (upstream) return events;
      if (changes.deadline !== undefined && changes.deadline !== state.schedule.deadline) {
        events.push(deadlineChanged(state, now, required(results?.schedule, 'schedule'), 'AMENDMENT'));
      }
      const forward = state.forward;
      // The forward's text stays the unit's own (it reads 上级来文已修改 and decides); only a deadline
      // that no longer fits under the new one is moved, by budget.
      if (!forward || changes.deadline === undefined || forward.deadline <= changes.deadline) return events;
      const deadline = Math.min(required(results?.forwardDeadline, 'forwardDeadline'), changes.deadline);
      events.push({
        at: now,
        type: 'FORWARD_FLAGGED',
        message: `上级更正后报送时限提前，转发给下级的时限已按预算重新计算为 ${shanghaiDay(deadline)}`,
      });
      return [...events, ...amendedForward(state, now, { deadline }, '上级更正后报送时限提前，转发时限随之调整')];
    },
  },

  fire: {
    actor: anyone,
    from: OWING,
    to: null,
    check: () => null,
    emit(state, { step }, { now }) {
      // Only a step still pending fires: each once, none after the report or a withdrawal.
      if (!pendingSteps(state).some((pending) => pending.key === step.key)) return [];
      if (step.kind === 'remind') return [{ at: now, type: 'REMINDER_SENT', key: step.key }];
      return [
        escalated(
          state,
          now,
          step.key,
          step.kind === 'ack' ? 1 : step.level,
          step.kind === 'ack' ? 'NOT_ACKNOWLEDGED' : 'OVERDUE',
        ),
      ];
    },
  },
};

// ---- decide and evolve ----

/** Why `command` is refused in `state`, or null: what Update validators answer (synchronously). */
export function refusalOf(state: AssignmentState, command: Command, facts: Facts): Refusal | null {
  const transition = TRANSITIONS[command.type] as Transition<CommandType>;
  const byActor = command.actor ? transition.actor(state, command.actor) : null;
  if (byActor) return byActor;
  return transition.check(state, command as never, facts);
}

/** The activities `command` needs run before {@link decide}; nothing when it is refused. */
export function needsOf(state: AssignmentState, command: Command, facts: Facts): ActivityNeeds {
  const transition = TRANSITIONS[command.type] as Transition<CommandType>;
  if (refusalOf(state, command, facts) || !transition.needs) return {};
  return transition.needs(state, command as never, facts);
}

/** The events `command` causes in `state`, or why it is refused. */
export function decide(state: AssignmentState, command: Command, facts: Facts): Decision {
  const refusal =
    refusalOf(state, command, facts) ??
    (command.type === 'forward' && command.results?.review?.rejection
      ? refusals.forwardRejected(command.results.review.rejection)
      : null);
  if (refusal) return { refusal };
  const transition = TRANSITIONS[command.type] as Transition<CommandType>;
  return { events: transition.emit(state, command as never, facts) };
}

/** The state after one event. */
export function evolve(state: AssignmentState, event: MachineEvent): AssignmentState {
  const at = event.at;
  switch (event.type) {
    case 'ASSIGNMENT_DELIVERED':
    case 'DIRECTIVE_ISSUED':
    case 'DIRECTIVE_WITHDRAWN':
    case 'DIRECTIVE_COMPLETED':
      return state;
    case 'ASSIGNMENT_ACKNOWLEDGED':
      return { ...state, status: 'ACKNOWLEDGED', acknowledgedAt: at };
    case 'ASSIGNMENT_FORWARDED':
      return { ...state, status: 'FORWARDED', forward: event.forward };
    case 'REPORT_SUBMITTED':
      return {
        ...state,
        status: 'REPORTED',
        reports: [...state.reports, event.report],
        reportedAt: event.report.submittedAt,
        late: event.report.late,
      };
    case 'REPORT_ACCEPTED':
      return { ...state, status: 'ACCEPTED', acceptedAt: at };
    case 'REPORT_RETURNED':
      return {
        ...state,
        status: 'RETURNED',
        reportedAt: null,
        late: false,
        reports: state.reports.map((r) =>
          r.id === event.reportId ? { ...r, status: 'RETURNED' as const, returnReason: event.reason } : r,
        ),
      };
    case 'REMINDER_SENT':
      return { ...state, firedSteps: [...state.firedSteps, event.key] };
    case 'ESCALATED': {
      const others = state.escalations.filter((e) => !sameEscalation(e, event.escalation));
      const escalations = [...others, event.escalation].sort(
        (a, b) => a.level - b.level || a.reason.localeCompare(b.reason),
      );
      return { ...state, firedSteps: [...state.firedSteps, event.step], escalations };
    }
    case 'ESCALATIONS_RESOLVED':
      return {
        ...state,
        escalations: state.escalations.map((e) =>
          e.resolvedAt === null &&
          event.levels.includes(e.level) &&
          (event.reason === undefined || event.reason === e.reason)
            ? { ...e, resolvedAt: event.resolvedAt }
            : e,
        ),
      };
    case 'DEADLINE_CHANGED':
      return { ...state, schedule: event.schedule };
    case 'EXTENSION_REQUESTED':
      return { ...state, extensionRequests: [...(state.extensionRequests ?? []), event.request] };
    case 'EXTENSION_DECIDED':
      return {
        ...state,
        extensionRequests: (state.extensionRequests ?? []).map((r) => (r.id === event.request.id ? event.request : r)),
      };
    case 'URGED':
      return { ...state, urges: { count: event.count, lastAt: at } };
    case 'AMENDMENT_RECEIVED': {
      const amended = event.upstream ?? {
        directiveId: state.directiveId,
        docNumber: state.docNumber ?? '',
      };
      return {
        ...state,
        amendments: [
          ...(state.amendments ?? []),
          {
            version: event.version,
            note: event.note,
            changes: event.changes,
            receivedAt: at,
            acknowledgedAt: null,
            ...(event.upstream ? { upstream: event.upstream } : {}),
          },
        ],
        // Once forwarded, the unit is told its source changed; its forward stays as it wrote it.
        ...(state.forward
          ? {
              upstreamAmended: {
                directiveId: amended.directiveId,
                docNumber: amended.docNumber,
                version: event.version,
                at,
              },
            }
          : {}),
      };
    }
    case 'AMENDMENT_ACKNOWLEDGED':
      return {
        ...state,
        amendments: (state.amendments ?? []).map((a) =>
          a.version === event.version && !a.upstream ? { ...a, acknowledgedAt: at } : a,
        ),
      };
    case 'FORWARD_FLAGGED':
      return { ...state, flags: [...(state.flags ?? []), event.message] };
    case 'ASSIGNMENT_WITHDRAWN':
      return { ...state, status: 'WITHDRAWN', withdrawal: { reason: event.reason, at } };
    case 'DIRECTIVE_AMENDED': {
      const forward = state.forward;
      if (!forward || forward.directiveId !== event.directiveId) return state;
      return {
        ...state,
        forward: {
          ...forward,
          version: event.version,
          ...(event.changes.title !== undefined ? { title: event.changes.title } : {}),
          ...(event.changes.deadline !== undefined ? { deadline: event.changes.deadline } : {}),
        },
      };
    }
  }
}

/** Events after which the timer loop must look at its steps again (statuses or instants changed). */
export function reschedulesTimers(event: MachineEvent): boolean {
  return [
    'ASSIGNMENT_FORWARDED',
    'REPORT_SUBMITTED',
    'REPORT_ACCEPTED',
    'REPORT_RETURNED',
    'DEADLINE_CHANGED',
    'ASSIGNMENT_WITHDRAWN',
  ].includes(event.type);
}

// ---- Event builders ----

function acknowledged(state: AssignmentState, now: number): MachineEvent[] {
  return [{ at: now, type: 'ASSIGNMENT_ACKNOWLEDGED' }, ...resolved(state, now, 'NOT_ACKNOWLEDGED')];
}

/** Resolves the open escalations of `reason`, or of every reason when null. */
function resolved(state: AssignmentState, now: number, reason: EscalationRecord['reason'] | null): MachineEvent[] {
  const open = state.escalations.filter((e) => e.resolvedAt === null && (reason === null || e.reason === reason));
  const levels = [...new Set(open.map((e) => e.level))];
  if (!levels.length) return [];
  return [{ at: now, type: 'ESCALATIONS_RESOLVED', levels, resolvedAt: now, ...(reason ? { reason } : {}) }];
}

const sameEscalation = (a: EscalationRecord, b: EscalationRecord) => a.level === b.level && a.reason === b.reason;

/** At most one escalation per reason and level: the same step again re-opens its own record. */
function escalated(
  state: AssignmentState,
  now: number,
  step: string,
  level: 1 | 2 | 3,
  reason: EscalationRecord['reason'],
): MachineEvent {
  const existing = state.escalations.find((e) => e.level === level && e.reason === reason);
  const escalation: EscalationRecord = !existing
    ? { level, reason, firedAt: now, resolvedAt: null }
    : { ...existing, reason, ...(existing.resolvedAt !== null ? { firedAt: now, resolvedAt: null } : {}) };
  return { at: now, type: 'ESCALATED', escalation, step };
}

function deadlineChanged(
  state: AssignmentState,
  now: number,
  schedule: AssignmentSchedule,
  cause: 'EXTENSION' | 'RETURN' | 'AMENDMENT',
): MachineEvent {
  return {
    at: now,
    type: 'DEADLINE_CHANGED',
    deadline: schedule.deadline,
    previousDeadline: state.schedule.deadline,
    cause,
    schedule,
  };
}

function withdrawnForward(state: AssignmentState, now: number, reason: string, units: string[] | null): MachineEvent[] {
  const forward = state.forward;
  return forward
    ? [{ at: now, type: 'DIRECTIVE_WITHDRAWN', directiveId: forward.directiveId, assignmentId: null, reason, units }]
    : [];
}

/** A new version of this unit's forward, pushed down to its recipients. */
function amendedForward(state: AssignmentState, now: number, changes: AmendmentChanges, note: string): MachineEvent[] {
  const forward = state.forward;
  if (!forward) return [];
  return [
    {
      at: now,
      type: 'DIRECTIVE_AMENDED',
      directiveId: forward.directiveId,
      assignmentId: null,
      version: (forward.version ?? 1) + 1,
      changes,
      note,
    },
  ];
}

/** The unit's own report deadline, which whatever it sets for its subordinates may not pass. */
function ownDeadline(state: AssignmentState): DeadlineBound {
  return { label: '本单位报送期限', at: state.schedule.deadline };
}

function issuerBound(issuerDeadline: number | null | undefined, label = '本单位报送期限'): DeadlineBound | null {
  return issuerDeadline === null || issuerDeadline === undefined ? null : { label, at: issuerDeadline };
}

function forwardRefusal(state: AssignmentState, units: string[] | null): Refusal | null {
  if (!state.forward) return refusals.notForwarded();
  const known = new Set(state.forward.recipients.map((r) => r.unitCode));
  const unknown = (units ?? []).filter((unit) => !known.has(unit));
  return unknown.length ? refusals.notRecipients(unknown) : null;
}

/** An amendment of the assignment's own directive (upstream ones are for information only). */
function ownAmendment(state: AssignmentState, version: number) {
  return (state.amendments ?? []).find((a) => a.version === version && !a.upstream);
}

/** Closed, or this version of the same document was received already. */
function ignoresAmendment(state: AssignmentState, version: number, upstream?: UpstreamDocument | null): boolean {
  return (
    CLOSED_STATUSES.includes(state.status) ||
    (state.amendments ?? []).some(
      (a) => a.version === version && (a.upstream?.directiveId ?? null) === (upstream?.directiveId ?? null),
    )
  );
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the workflow decided without the ${what} the command needs`);
  return value;
}

/** Least time between urges; working days count as whole days here (the throttle needs no calendar). */
function urgeIntervalMs(spec: string | undefined): number {
  const duration = parseDurationSpec(spec ?? 'PT4H');
  return duration.kind === 'fixed' ? duration.ms : duration.days * DAY_MS;
}

function shanghaiDay(instant: number): string {
  return formatCivilDate(shanghaiDayOf(new Date(instant)));
}

function shanghaiTime(instant: number): string {
  return new Date(instant + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
