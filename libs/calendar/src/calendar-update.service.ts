import { Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { type AssignmentState, assignmentStateQuery, rescheduleUpdate } from '@cascade/contracts';
import { type CalendarYearData, planAssignmentSchedule, WorkCalendar } from '@cascade/domain';
import { loadWorkCalendar } from '@cascade/domain/calendar-files';
import { AssignmentsRepository, CalendarYearsRepository } from '@cascade/persistence';
import { executeUpdate } from '@cascade/temporal';
import { calendarDirectory } from './configured-calendar';

export interface MovedAssignment {
  assignmentId: string;
  unitCode: string;
  before: { ackDueAt: number; reminders: number[]; ladder: number[] };
  after: { ackDueAt: number; reminders: number[]; ladder: number[] };
}

const STILL_RUNNING = ['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'REPORTED', 'RETURNED'] as const;

const instants = (s: AssignmentState['schedule']) => ({
  ackDueAt: s.ackDueAt,
  reminders: s.reminders.map((r) => r.at),
  ladder: s.ladder.map((l) => l.at),
});

/**
 * A year's 放假安排 loaded at run time: stored for every worker, then the timers of running
 * assignments are recomputed outside the workflows and pushed in with an Update (workflows
 * never read the database). Absolute report deadlines never move; the working-day steps around them do.
 */
@Injectable()
export class CalendarUpdateService {
  private readonly logger = new Logger(CalendarUpdateService.name);

  constructor(
    private readonly years: CalendarYearsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly client: Client,
  ) {}

  async load(year: CalendarYearData, source: string): Promise<MovedAssignment[]> {
    await this.years.upsert(year, source);
    const stored = (await this.years.all()) as CalendarYearData[];
    const calendar = stored.reduce((c, y) => c.withYear(y), loadWorkCalendar(calendarDirectory()).assumingWeekdays());
    return this.reschedule(calendar);
  }

  private async reschedule(calendar: WorkCalendar): Promise<MovedAssignment[]> {
    const moved: MovedAssignment[] = [];
    for (const row of await this.assignments.withStatuses([...STILL_RUNNING])) {
      const handle = this.client.workflow.getHandle(row.id);
      let state: AssignmentState;
      try {
        state = await handle.query(assignmentStateQuery);
      } catch (error) {
        this.logger.warn(`${row.id}: not rescheduled (${String(error)})`);
        continue;
      }
      const schedule = planAssignmentSchedule(
        { deliveredAt: state.deliveredAt, deadline: state.schedule.deadline, policy: state.policy },
        calendar,
      );
      if (JSON.stringify(instants(schedule)) === JSON.stringify(instants(state.schedule))) continue;
      await executeUpdate(this.client, row.id, rescheduleUpdate, {
        actor: { unitCode: state.issuerUnit, role: 'system' },
        schedule,
      });
      moved.push({
        assignmentId: row.id,
        unitCode: row.unitCode,
        before: instants(state.schedule),
        after: instants(schedule),
      });
    }
    return moved;
  }
}
