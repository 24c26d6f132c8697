import { condition, workflowInfo } from '@temporalio/workflow';
import type { Actor, AssignmentEvent, CascadeEvent, DirectiveEvent, ParentNotice } from '@cascade/contracts';
import { recordEvents } from './activities';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewDirectiveEvent = DistributiveOmit<DirectiveEvent, 'id' | 'seq' | 'occurredAt' | 'actor'>;
export type NewAssignmentEvent = DistributiveOmit<AssignmentEvent, 'id' | 'seq' | 'occurredAt' | 'actor'>;

/** Events per recordEvents call when a backlog is drained: one activity's payload stays well under 2 MB. */
const EVENTS_PER_DRAIN = 200;

/**
 * Numbers a workflow's events `{workflowId}#{seq}` (deterministic, unique across
 * continue-as-new) and records them through the projection activity.
 */
export class EventStream {
  /** Stamped events the projection has not confirmed yet, oldest first, with the parent notice after each. */
  private readonly outbox: Array<{ events: CascadeEvent[]; notice: ParentNotice }> = [];
  private recorded: number;

  constructor(private seq = 0) {
    this.recorded = seq;
  }

  /** Position of the last event numbered (recorded or still in the outbox). */
  get position(): number {
    return this.seq;
  }

  /** Position of the last event the projection recorded (and whose parent notice it sent). */
  get recordedPosition(): number {
    return this.recorded;
  }

  /** Nothing numbered is waiting for the projection. */
  get settled(): boolean {
    // An entry leaves the outbox only once its activity completed.
    return this.outbox.length === 0;
  }

  async record(actor: Actor | null, ...events: Array<NewDirectiveEvent | NewAssignmentEvent>): Promise<void> {
    await recordEvents(this.stamp(actor, events));
  }

  /**
   * Numbers events and leaves them to {@link drain}, so that an Update is answered before the
   * projection runs; the parent is told afterwards, the snapshot marked with the last event's seq.
   */
  enqueue(actor: Actor | null, notice: ParentNotice, ...events: Array<NewDirectiveEvent | NewAssignmentEvent>): void {
    const stamped = this.stamp(actor, events);
    this.outbox.push({ events: stamped, notice: { ...notice, snapshot: { ...notice.snapshot, seq: this.seq } } });
  }

  /** Resolves once everything numbered so far has been recorded. */
  async flushed(): Promise<void> {
    await condition(() => this.settled);
  }

  /**
   * Records the outbox in order, everything pending in one activity (a burst on this workflow is one
   * call), with only the newest parent notice: the parent keeps the snapshot of the highest seq anyway.
   * Runs for the workflow's life; the workflow closes only when {@link settled}.
   */
  async drain(): Promise<never> {
    for (;;) {
      await condition(() => this.outbox.length > 0);
      const batch: CascadeEvent[] = [];
      let notice: ParentNotice | undefined;
      let taken = 0;
      while (taken < this.outbox.length && (taken === 0 || batch.length < EVENTS_PER_DRAIN)) {
        batch.push(...this.outbox[taken].events);
        notice = this.outbox[taken].notice;
        taken += 1;
      }
      await recordEvents(batch, notice);
      this.outbox.splice(0, taken);
      this.recorded = batch.at(-1)?.seq ?? this.recorded;
    }
  }

  private stamp(actor: Actor | null, events: Array<NewDirectiveEvent | NewAssignmentEvent>): CascadeEvent[] {
    const { workflowId } = workflowInfo();
    return events.map((event) => {
      this.seq += 1;
      return stampEvent(workflowId, this.seq, actor, event);
    });
  }
}

/** Gives an event its place in a workflow's stream: id `{workflowId}#{seq}`, the time, the actor. */
export function stampEvent(
  workflowId: string,
  seq: number,
  actor: Actor | null,
  event: NewDirectiveEvent | NewAssignmentEvent,
): CascadeEvent {
  return { ...event, id: `${workflowId}#${seq}`, seq, occurredAt: Date.now(), actor } as CascadeEvent;
}
