import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  AssignmentSchedule,
  AssignmentState,
  ChildSnapshot,
  ChildrenSummary,
  DirectivePolicy,
  ForwardInput,
  Recipient,
  ReportInput,
} from './assignment.types';

/** Input of `directiveWorkflow` (id `directive:{directiveId}`): a top-level directive. */
export interface DirectiveWorkflowInput {
  directiveId: string;
  docNumber: string;
  title: string;
  body?: string | null;
  issuerUnit: string;
  recipients: Recipient[];
  /** Report deadline, epoch ms (resolved outside: DESIGN.md, Temporal rule 2). */
  deadline: number;
  obligations?: unknown[];
  policy?: DirectivePolicy;
  /** The directive this one forwards, when it was issued as a 转发 outside Cascade's tree. */
  forwardsDirectiveId?: string | null;
}

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

/** Sent by a child assignment to its parent workflow on every change of its snapshot. */
export const childChangedSignal = defineSignal<[ChildSnapshot]>('childChanged');

export const acknowledgeUpdate = defineUpdate<AssignmentState, [ActorRequest]>('acknowledge');
export const forwardUpdate = defineUpdate<AssignmentState, [ForwardRequest]>('forward');
export const submitReportUpdate = defineUpdate<AssignmentState, [ReportRequest]>('submitReport');
export const acceptUpdate = defineUpdate<AssignmentState, [ActorRequest]>('accept');
