import type {
  Actor,
  AssignmentSchedule,
  ChildSnapshot,
  DirectivePolicy,
  ForwardInput,
  Recipient,
} from './assignment.types';
import type { CascadeEvent } from './cascade-events';
import type { RecurringDirectiveInput } from './cascade-workflows.contract';
import type { PeriodQuota, Recurrence } from './recurrence';

export interface PlanScheduleInput {
  deliveredAt: number;
  deadline: number;
  policy: Required<DirectivePolicy>;
}

/** Whom a child assignment tells of its change once its events are recorded: the parent workflow and what to say. */
export interface ParentNotice {
  parentWorkflowId: string;
  snapshot: ChildSnapshot;
}

export interface ReviewForwardInput {
  assignmentId: string;
  unitCode: string;
  /** The forwarding unit's own report deadline, epoch ms. */
  ownDeadline: number;
  forwardedAt: number;
  forward: ForwardInput;
}

export interface ReviewForwardResult {
  /** Why the forward is refused (Chinese, shown to the user), or null. */
  rejection: string | null;
  /** Accepted with these remarks, e.g. 层层加码. */
  warnings: string[];
  /** Recipients with names as the unit registry knows them. */
  recipients: Recipient[];
}

export interface ProposeForwardDeadlineInput {
  /** The forwarding unit. */
  unitCode: string;
  /** Its own (new) report deadline, epoch ms. */
  parentDeadline: number;
  forwardedAt: number;
}

/**
 * Activities the cascade workflows call (each idempotent: a retry must not act twice). Workflows
 * import this interface with `import type` only.
 */
export interface CascadeActivities {
  /** Resolves a policy to absolute instants with the working-day calendar (libs/domain). */
  planSchedule(input: PlanScheduleInput): Promise<AssignmentSchedule>;
  /** Checks a forward against the unit hierarchy and deadline budgeting. */
  reviewForward(input: ReviewForwardInput): Promise<ReviewForwardResult>;
  /** The deadline budgeting proposes for a unit's forward (libs/domain), epoch ms. */
  proposeForwardDeadline(input: ProposeForwardDeadlineInput): Promise<number>;
  /**
   * Appends events to the audit log and projects them into the read model and the notification
   * outbox; a repeated id is skipped. With a notice, then signals the parent `childChanged` (a
   * parent already closed is not an error).
   */
  recordEvents(events: CascadeEvent[], notice?: ParentNotice): Promise<void>;
}

/** A period of a recurring directive as the worker resolves it with the working-day calendar. */
export interface PlannedPeriod {
  key: string;
  label: string;
  /** Report deadline, epoch ms. */
  deadline: number;
  /** When recipients below a quota are urged, epoch ms; null without quotas. */
  quotaCheckAt: number | null;
  /** Why the period is not issued (outside start/end, deadline already past), or null. */
  skip: string | null;
}

export interface QuotaRemindersInput {
  /** The period's directive. */
  directiveId: string;
  quotas: PeriodQuota[];
  actor: Actor;
  /** Recipients of the period: the activity waits (retries) until the read model shows them all. */
  expected: number;
}

/** Activities of recurring directives (periodWorkflow). */
export interface RecurrenceActivities {
  /** The period a schedule action at `at` (epoch ms) serves, with its deadline from the calendar. */
  planPeriod(input: { recurrence: Recurrence; at: number }): Promise<PlannedPeriod>;
  /**
   * Urges (催办) every recipient of the period still owing whose own figure is below a quota; a unit
   * already urged within the policy's interval is skipped, so a retry urges nobody twice. Returns the
   * units urged.
   */
  remindBelowQuota(input: QuotaRemindersInput): Promise<string[]>;
  /**
   * After an amendment of a recurring directive: the schedule's action starts the periods to come
   * from `series` (its title, 正文, requirements); periods already started keep theirs.
   */
  amendPeriodTemplate(series: RecurringDirectiveInput): Promise<void>;
}
