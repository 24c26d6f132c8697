import { workflowInfo } from '@temporalio/workflow';
import type { Actor, AssignmentEvent, CascadeEvent, DirectiveEvent, ParentNotice } from '@cascade/contracts';
import { recordEvents } from './activities';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewDirectiveEvent = DistributiveOmit<DirectiveEvent, 'id' | 'seq' | 'occurredAt' | 'actor'>;
export type NewAssignmentEvent = DistributiveOmit<AssignmentEvent, 'id' | 'seq' | 'occurredAt' | 'actor'>;

/**
 * Numbers a workflow's events `{workflowId}#{seq}` (deterministic, unique across
 * continue-as-new) and records them through the projection activity.
 */
export class EventStream {
  constructor(private seq = 0) {}

  get position(): number {
    return this.seq;
  }

  async record(actor: Actor | null, ...events: Array<NewDirectiveEvent | NewAssignmentEvent>): Promise<void> {
    await recordEvents(this.stamp(actor, events));
  }

  /** Records events; the projection then tells the parent, the snapshot marked with the last event's seq. */
  async recordTelling(
    actor: Actor | null,
    notice: ParentNotice,
    ...events: Array<NewDirectiveEvent | NewAssignmentEvent>
  ): Promise<void> {
    const stamped = this.stamp(actor, events);
    await recordEvents(stamped, { ...notice, snapshot: { ...notice.snapshot, seq: this.seq } });
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
