import { Injectable } from '@nestjs/common';
import type { CascadeActivities, CascadeEvent, ParentNotice } from '@cascade/contracts';
import { EventProjector } from '@cascade/persistence';
import { signalParent } from './parent-notice';

/**
 * The `recordEvents` activity: appends events to the audit log and projects them, idempotently;
 * then, when asked, tells the parent workflow (one signal from here saves the child a workflow
 * task of its own for a signal command).
 */
@Injectable()
export class ProjectionActivities implements Pick<CascadeActivities, 'recordEvents'> {
  constructor(private readonly projector: EventProjector) {}

  async recordEvents(events: CascadeEvent[], notice?: ParentNotice): Promise<void> {
    await this.projector.project(events);
    if (notice) await signalParent(notice);
  }
}
