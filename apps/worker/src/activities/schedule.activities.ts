import { Injectable, Logger } from '@nestjs/common';
import type { AssignmentSchedule, PlanScheduleInput } from '@cascade/contracts';
import { planAssignmentSchedule, SHANGHAI_OFFSET_MS, WorkCalendar } from '@cascade/domain';
import { WorkCalendarSource } from '@cascade/calendar';

/**
 * Resolves a directive policy to the absolute instants an assignment's timers use
 * (workflows never read a calendar).
 */
@Injectable()
export class ScheduleActivities {
  private readonly logger = new Logger(ScheduleActivities.name);

  constructor(private readonly calendars: WorkCalendarSource) {}

  async planSchedule(input: PlanScheduleInput): Promise<AssignmentSchedule> {
    const calendar = await this.calendars.current();
    this.warnOnUnknownYears(calendar, input.deliveredAt, input.deadline);
    return planAssignmentSchedule(input, calendar);
  }

  private warnOnUnknownYears(calendar: WorkCalendar, ...instants: number[]): void {
    for (const instant of instants) {
      const year = new Date(instant + SHANGHAI_OFFSET_MS).getUTCFullYear();
      if (!calendar.knowsYear(year)) {
        this.logger.warn(
          `no 放假安排 for ${year}: working days in ${year} count Monday–Friday until its calendar is loaded (cascade calendar load)`,
        );
      }
    }
  }
}
