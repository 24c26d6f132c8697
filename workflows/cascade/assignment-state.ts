import type { AssignmentSnapshot, AssignmentState, AssignmentWorkflowInput } from '@cascade/contracts';
import { isOverdue, openEscalationLevel } from './assignment-steps';

/** The state of an assignment the moment it is delivered (待签收). */
export function initialState(input: AssignmentWorkflowInput, assignmentId: string): AssignmentState {
  return {
    assignmentId,
    directiveId: input.directive.id,
    docNumber: input.directive.docNumber,
    unitCode: input.unit.unitCode,
    unitName: input.unit.unitName,
    issuerUnit: input.directive.issuerUnit,
    status: 'DELIVERED',
    deliveredAt: input.deliveredAt,
    acknowledgedAt: null,
    reportedAt: null,
    acceptedAt: null,
    schedule: input.schedule,
    overdue: false,
    late: false,
    escalationLevel: 0,
    escalations: [],
    firedSteps: [],
    reports: [],
    forward: null,
    children: null,
    policy: input.policy,
  };
}

/** The state with the fields that depend on the clock and the escalations brought up to `now`. */
export function withDerived(state: AssignmentState, now: number): AssignmentState {
  return { ...state, overdue: isOverdue(state, now), escalationLevel: openEscalationLevel(state) };
}

/** What the read model stores of an assignment, from a refreshed state. */
export function snapshotOf(state: AssignmentState, input: AssignmentWorkflowInput): AssignmentSnapshot {
  return {
    assignmentId: state.assignmentId,
    directiveId: state.directiveId,
    rootDirectiveId: input.directive.rootDirectiveId,
    unitCode: state.unitCode,
    unitName: state.unitName,
    issuerUnit: state.issuerUnit,
    parentAssignmentId: input.parentAssignmentId,
    status: state.status,
    deliveredAt: state.deliveredAt,
    deadline: state.schedule.deadline,
    ackDueAt: state.schedule.ackDueAt,
    acknowledgedAt: state.acknowledgedAt,
    reportedAt: state.reportedAt,
    acceptedAt: state.acceptedAt,
    overdue: state.overdue,
    late: state.late,
    escalationLevel: state.escalationLevel,
    forwardedDirectiveId: state.forward?.directiveId ?? null,
  };
}

/** The snapshot of an assignment just delivered: what its parent records for it (event #1). */
export function deliveredSnapshot(
  input: AssignmentWorkflowInput,
  assignmentId: string,
  now: number,
): AssignmentSnapshot {
  return snapshotOf(withDerived(initialState(input, assignmentId), now), input);
}
