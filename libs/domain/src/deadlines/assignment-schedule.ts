import type { WorkCalendar } from '../calendar/work-calendar';
import { applyDuration } from './duration-spec';

/** The policy durations a schedule is made of (ISO-8601 or `Nwd`). */
export interface SchedulePolicy {
  ackWithin: string;
  remindBefore: string[];
  ladder: string[];
}

export interface PlannedStep {
  key: string;
  at: number;
}

/** Every instant an assignment's timers need (epoch ms); structurally the contracts' AssignmentSchedule. */
export interface PlannedSchedule {
  deadline: number;
  ackDueAt: number;
  reminders: PlannedStep[];
  ladder: PlannedStep[];
}

/**
 * Resolves a policy against the calendar: the acknowledgement is due `ackWithin` after delivery,
 * reminders fall `remindBefore` the deadline (never after it), ladder level n fires `ladder[n-1]`
 * after the deadline (never before it). Keys are stable so a re-plan keeps what already fired.
 */
export function planAssignmentSchedule(
  input: { deliveredAt: number; deadline: number; policy: SchedulePolicy },
  calendar: WorkCalendar,
): PlannedSchedule {
  const { deliveredAt, deadline, policy } = input;
  const at = (from: number, spec: string, direction: 1 | -1) =>
    applyDuration(new Date(from), spec, calendar, direction).getTime();
  return {
    deadline,
    ackDueAt: at(deliveredAt, policy.ackWithin, 1),
    reminders: policy.remindBefore.map((spec) => ({
      key: `remind:${spec}`,
      at: Math.min(at(deadline, spec, -1), deadline),
    })),
    ladder: policy.ladder
      .slice(0, 3)
      .map((spec, index) => ({ key: `ladder:${index + 1}`, at: Math.max(at(deadline, spec, 1), deadline) })),
  };
}
