import type { Duration } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  AmendmentChanges,
  AssignmentSchedule,
  AssignmentState,
  ChildSnapshot,
  ChildrenSummary,
  DirectivePolicy,
  ForwardInput,
  Recipient,
  ReportInput,
  UpstreamDocument,
} from './assignment.types';
import type { DirectiveDocuments } from './file-ref';
import type { PeriodRef, Recurrence } from './recurrence';
import type { ReportForm } from './report-form';
import { workflowIds } from './workflow-ids';

/** Input of `directiveWorkflow` (id `directive:{directiveId}`): a top-level directive. */
export interface DirectiveWorkflowInput {
  directiveId: string;
  docNumber: string;
  title: string;
  body?: string | null;
  issuerUnit: string;
  recipients: Recipient[];
  /** Report deadline, epoch ms (resolved outside the workflow). */
  deadline: number;
  obligations?: unknown[];
  policy?: DirectivePolicy;
  /** The directive this one forwards, when it was issued as a 转发 outside Cascade's tree. */
  forwardsDirectiveId?: string | null;
  /** 正文 and 附件 as files (FileRefs: ids and sha256, never content). */
  documents?: DirectiveDocuments;
  /** 填报表 each recipient fills in its 报送; absent when the directive asks for no figures. */
  form?: ReportForm;
  /** The person who issued it, for 留痕; absent when a token (an integration) or the system did. */
  issuedBy?: Actor;
  /** The period of a recurring directive this cascade serves; absent for a one-off directive. */
  period?: PeriodRef;
}

/**
 * Input of `recurringDirectiveWorkflow` (id `directive:{directiveId}`): the series itself. Its
 * schedule starts `periodWorkflow` with the same input once per period; `deadline` is the first
 * period's.
 */
export interface RecurringDirectiveInput extends Omit<DirectiveWorkflowInput, 'period'> {
  recurrence: Recurrence;
}

/** Why an amendment of a recurring directive may not move its deadline. */
export const SERIES_DEADLINE_FIXED = '周期性公文每期的报送期限由周期规则确定，不能更正；某一期的期限请在该期公文上更正';

export interface DirectiveState {
  directiveId: string;
  docNumber: string;
  issuerUnit: string;
  deadline: number;
  issuedAt: number;
  completed: boolean;
  children: ChildrenSummary;
}

/** The directive an assignment belongs to, as its workflow needs it. */
export interface AssignmentDirectiveRef {
  id: string;
  rootDirectiveId: string;
  docNumber: string;
  title: string;
  issuerUnit: string;
  /** The directive's files: a forward of this assignment attaches them as its upstream document. */
  documents?: DirectiveDocuments;
  /** The directive's 填报表, which a forward carries down. */
  form?: ReportForm;
}

/** Input of `assignmentWorkflow` (id `assignment:{directiveId}:{unitCode}`). */
export interface AssignmentWorkflowInput {
  directive: AssignmentDirectiveRef;
  unit: Recipient;
  /** Workflow to tell about every change: the directive workflow or the forwarding assignment. */
  parentWorkflowId: string;
  /** The forwarding assignment above this one, or null under a top-level directive. */
  parentAssignmentId: string | null;
  deliveredAt: number;
  schedule: AssignmentSchedule;
  policy: Required<DirectivePolicy>;
  /**
   * True when the parent recorded this assignment's ASSIGNMENT_DELIVERED (its event #1) and
   * already counts it as delivered: the assignment then neither records nor signals its delivery.
   */
  deliveryRecorded?: boolean;
  /** State carried over by continue-as-new; absent on the first run. */
  carried?: { state: AssignmentState; seq: number; children: ChildSnapshot[] };
}

export interface ActorRequest {
  actor: Actor;
}
export type ForwardRequest = ActorRequest & ForwardInput;
export type ReportRequest = ActorRequest & ReportInput;

export const directiveStateQuery = defineQuery<DirectiveState>('directiveState');
export const assignmentStateQuery = defineQuery<AssignmentState>('assignmentState');
/**
 * Position of the assignment's last event the projection recorded (its parent told): a caller that
 * holds an answered state's `seq` waits until this reaches it before reading the read model.
 */
export const recordedSeqQuery = defineQuery<number>('recordedSeq');

/** Sent by a child assignment to its parent workflow on every change of its snapshot. */
export const childChangedSignal = defineSignal<[ChildSnapshot]>('childChanged');

export const acknowledgeUpdate = defineUpdate<AssignmentState, [ActorRequest]>('acknowledge');
export const forwardUpdate = defineUpdate<AssignmentState, [ForwardRequest]>('forward');
export const submitReportUpdate = defineUpdate<AssignmentState, [ReportRequest]>('submitReport');
export const acceptUpdate = defineUpdate<AssignmentState, [ActorRequest]>('accept');

// ---- Changes while a cascade runs ----

/**
 * `issuerDeadline`: the report deadline the issuing unit itself owes one level up (its own
 * assignment's, epoch ms), which a deadline it sets or approves may not pass; null or absent for the
 * issuer of a top-level directive, which owes none.
 */
export interface IssuerDeadline {
  issuerDeadline?: number | null;
}
export interface ReturnRequest extends ActorRequest, IssuerDeadline {
  reason: string;
  /** A new report deadline for the revision, epoch ms. */
  newDeadline?: number | null;
}
export interface ExtensionRequest extends ActorRequest, IssuerDeadline {
  newDeadline: number;
  reason: string;
}
export interface ExtensionDecision extends ActorRequest, IssuerDeadline {
  requestId: string;
  approve: boolean;
  note?: string | null;
}
export interface UrgeRequest extends ActorRequest {
  note?: string | null;
  /** The unit reported, but below its period's quota (the API checks the read model): 催办 still applies. */
  belowQuota?: boolean;
}
export interface AmendmentAcknowledgement extends ActorRequest {
  version: number;
}
export interface RescheduleRequest extends ActorRequest {
  /** The timers recomputed outside with the current calendar; the report deadline is kept. */
  schedule: AssignmentSchedule;
}
export interface WithdrawRequest extends ActorRequest {
  reason: string;
  /** Only these recipients (unit codes); all when absent. */
  units?: string[] | null;
}
export interface AmendRequest extends ActorRequest {
  changes: AmendmentChanges;
  note: string;
}
export interface WithdrawResult {
  withdrawn: string[];
}
export interface AmendResult {
  version: number;
}

/** Sent down the tree: the assignment and everything below it end WITHDRAWN. */
export const withdrawSignal = defineSignal<[{ reason: string; by: Actor }]>('withdraw');
/** Sent down the tree: a new version of the directive the assignment belongs to. */
export const amendSignal =
  defineSignal<[{ version: number; changes: AmendmentChanges; note: string; by: Actor; upstream?: UpstreamDocument }]>(
    'amend',
  );

export const returnReportUpdate = defineUpdate<AssignmentState, [ReturnRequest]>('returnReport');
export const requestExtensionUpdate = defineUpdate<AssignmentState, [ExtensionRequest]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<AssignmentState, [ExtensionDecision]>('decideExtension');
export const urgeUpdate = defineUpdate<AssignmentState, [UrgeRequest]>('urge');
export const acknowledgeAmendmentUpdate = defineUpdate<AssignmentState, [AmendmentAcknowledgement]>(
  'acknowledgeAmendment',
);
export const rescheduleUpdate = defineUpdate<AssignmentState, [RescheduleRequest]>('reschedule');
/** On an assignment that forwarded: withdraw or amend its own forward. */
export const withdrawForwardUpdate = defineUpdate<WithdrawResult, [WithdrawRequest]>('withdrawForward');
export const amendForwardUpdate = defineUpdate<AmendResult, [AmendRequest]>('amendForward');
/** On a directive workflow. */
export const withdrawDirectiveUpdate = defineUpdate<WithdrawResult, [WithdrawRequest]>('withdrawDirective');
export const amendDirectiveUpdate = defineUpdate<AmendResult, [AmendRequest]>('amendDirective');

/**
 * Why an operation on an assignment is refused: the `type` of the non-retryable ApplicationFailure
 * the workflow answers with, its message the reason (Chinese) shown to the user. BUSY: an earlier
 * operation is still running, retry shortly; URGE_THROTTLED: `details[0]` is the instant (epoch ms)
 * from which the next urge is allowed. DEADLINE_PAST and DEADLINE_TOO_LATE: a deadline set by the
 * operation is not after now, or passes the deadline above it (rule violations, HTTP 422).
 */
export const REFUSAL_CODES = [
  'NOT_THE_UNIT',
  'NOT_THE_ISSUER',
  'NOT_A_LEADER',
  'NOT_A_SUPERVISOR',
  'NOT_AN_ADMIN',
  'WITHDRAWN',
  'CLOSED',
  'BUSY',
  'ALREADY_FORWARDED',
  'NOT_FORWARDED',
  'NOT_ACKNOWLEDGED',
  'ALREADY_REPORTED',
  'NOT_REPORTED',
  'WRONG_STATUS',
  'CHILDREN_NOT_REPORTED',
  'EXTENSION_PENDING',
  'NO_SUCH_REQUEST',
  'ALREADY_DECIDED',
  'NO_SUCH_AMENDMENT',
  'URGE_THROTTLED',
  'FORWARD_REJECTED',
  'INVALID_REQUEST',
  'DEADLINE_PAST',
  'DEADLINE_TOO_LATE',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export function isRefusalCode(type: string | null | undefined): type is RefusalCode {
  return (REFUSAL_CODES as readonly string[]).includes(type ?? '');
}

/** How a directive's workflow is started, by the API or anyone else: by its business id. */
/**
 * Workflow task timeout of directive and assignment workflows. A worker that takes over a forward to
 * ~1,000 units replays ~4,000 events (1.8 MB) at once; on a loaded two-core machine that took 8–23 s
 * (fault suite, kill -9 of the worker). With Temporal's default of 10 s every attempt timed out, each
 * time aborting the Updates sent to the workflow, for minutes. The cost: a task held by a worker that
 * dies is given to another after this long instead of 10 s.
 */
export const WORKFLOW_TASK_TIMEOUT: Duration = '30 seconds';

export function directiveStart(
  input: DirectiveWorkflowInput,
  taskQueue: string,
): { workflowId: string; taskQueue: string; args: [DirectiveWorkflowInput]; workflowTaskTimeout: Duration } {
  return {
    workflowId: workflowIds.directive(input.directiveId),
    taskQueue,
    args: [input],
    workflowTaskTimeout: WORKFLOW_TASK_TIMEOUT,
  };
}
