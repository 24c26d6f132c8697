import { Injectable, Logger } from '@nestjs/common';
import type { AssignmentSchedule, PlanScheduleInput } from '@cascade/contracts';
import { applyDuration, WorkCalendar } from '@cascade/domain';

/**
 * Resolves a directive policy to the absolute instants an assignment's timers use
 * (DESIGN.md, Temporal rule 2: workflows never read a calendar).
 */
@Injectable()
export class ScheduleActivities {
  private readonly logger = new Logger(ScheduleActivities.name);

  constructor(private readonly calendar: WorkCalendar) {}

  async planSchedule({ deliveredAt, deadline, policy }: PlanScheduleInput): Promise<AssignmentSchedule> {
    this.warnOnUnknownYears(deliveredAt, deadline);
    const at = (from: number, spec: string, direction: 1 | -1) => applyDuration(new Date(from), spec, this.calendar, direction).getTime();
    return {
      deadline,
      ackDueAt: at(deliveredAt, policy.ackWithin, 1),
      reminders: policy.remindBefore.map((spec) => ({ key: `remind:${spec}`, at: Math.min(at(deadline, spec, -1), deadline) })),
      ladder: policy.ladder.slice(0, 3).map((spec, index) => ({ key: `ladder:${index + 1}`, at: Math.max(at(deadline, spec, 1), deadline) })),
    };
  }

  private warnOnUnknownYears(...instants: number[]): void {
    for (const instant of instants) {
      const year = new Date(instant + 8 * 3600_000).getUTCFullYear();
      if (!this.calendar.knowsYear(year)) {
        this.logger.warn(`no 放假安排 for ${year}: working days in ${year} count Monday–Friday until config/calendar/${year}.json is loaded`);
      }
    }
  }
}
