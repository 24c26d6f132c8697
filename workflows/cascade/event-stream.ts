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
      return { ...event, id: `${workflowId}#${this.seq}`, seq: this.seq, occurredAt: Date.now(), actor } as CascadeEvent;
    });
    await recordEvents(stamped);
  }
}
