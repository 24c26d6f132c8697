import { workflowInfo } from '@temporalio/workflow';
import type { Actor, AssignmentEvent, CascadeEvent, DirectiveEvent } from '@cascade/contracts';
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
    const { workflowId } = workflowInfo();
    const stamped = events.map((event) => {
      this.seq += 1;
      return stampEvent(workflowId, this.seq, actor, event);
    });
    await recordEvents(stamped);
  }
}

/** Gives an event its place in a workflow's stream: id `{workflowId}#{seq}`, the time, the actor. */
export function stampEvent(workflowId: string, seq: number, actor: Actor | null, event: NewDirectiveEvent | NewAssignmentEvent): CascadeEvent {
  return { ...event, id: `${workflowId}#${seq}`, seq, occurredAt: Date.now(), actor } as CascadeEvent;
}
