import type { Actor, AssignmentState, AssignmentWorkflowInput, EscalationRecord } from '@cascade/contracts';
import type { ChildrenTracker } from './children-tracker';
import type { EventStream, NewAssignmentEvent } from './event-stream';

/** An assignment event before the workflow adds directive, assignment and snapshot. */
export type AssignmentChange = NewAssignmentEvent extends infer E
  ? E extends { type: string }
    ? Omit<E, 'directiveId' | 'assignmentId' | 'snapshot'>
    : never
  : never;

/** What the handlers of one assignment run share: its state and the ways to change it. */
export interface AssignmentContext {
  readonly assignmentId: string;
  readonly input: AssignmentWorkflowInput;
  readonly state: AssignmentState;
  readonly children: ChildrenTracker;
  /** The run's event stream, for directive events (a forward's amendments and withdrawals). */
  readonly events: EventStream;
  /** Records events with the snapshot after them, then tells the parent. */
  record(actor: Actor | null, ...changes: AssignmentChange[]): Promise<void>;
  /** Marks open escalations matching `predicate` resolved now; returns their levels. */
  resolveEscalations(predicate: (e: EscalationRecord) => boolean): number[];
  /** A copy of the state as queries see it. */
  view(): AssignmentState;
  /** Wakes the timer loop: deadlines or statuses changed. */
  touch(): void;
  busy: boolean;
}
