import { Injectable } from '@nestjs/common';
import type { CascadeActivities, CascadeEvent } from '@cascade/contracts';
import { EventProjector } from '@cascade/persistence';

/** The `recordEvents` activity: appends events to the audit log and projects them, idempotently. */
@Injectable()
export class ProjectionActivities implements Pick<CascadeActivities, 'recordEvents'> {
  constructor(private readonly projector: EventProjector) {}

  async recordEvents(events: CascadeEvent[]): Promise<void> {
    await this.projector.project(events);
  }
}
