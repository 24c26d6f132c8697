import { type AssignmentState, REPORTED_STATUSES } from '@cascade/contracts';

/** A timer-driven step of an assignment: the acknowledgement check, a reminder or a ladder level. */
export type Step =
  | { kind: 'ack'; key: 'ack'; at: number }
  | { kind: 'remind'; key: string; at: number }
  | { kind: 'ladder'; key: string; at: number; level: 1 | 2 | 3 };

function owesReport(state: AssignmentState): boolean {
  return state.status !== 'WITHDRAWN' && !REPORTED_STATUSES.includes(state.status);
}

/**
 * The steps that may still fire, given what already fired: each fires at most once, ladder
 * levels in order, nothing once the report is in. Reminders due before delivery are moot.
 */
export function pendingSteps(state: AssignmentState): Step[] {
  const fired = new Set(state.firedSteps);
  const steps: Step[] = [];
  if (state.status === 'DELIVERED' && !fired.has('ack'))
    steps.push({ kind: 'ack', key: 'ack', at: state.schedule.ackDueAt });
  if (!owesReport(state)) return steps;
  for (const reminder of state.schedule.reminders) {
    if (!fired.has(reminder.key) && reminder.at >= state.deliveredAt)
      steps.push({ kind: 'remind', key: reminder.key, at: reminder.at });
  }
  const nextLevel = state.schedule.ladder.findIndex((step) => !fired.has(step.key));
  if (nextLevel >= 0 && nextLevel < 3) {
    const step = state.schedule.ladder[nextLevel];
    steps.push({ kind: 'ladder', key: step.key, at: step.at, level: (nextLevel + 1) as 1 | 2 | 3 });
  }
  return steps;
}

export function earliest(steps: Step[]): Step | null {
  return steps.reduce<Step | null>((best, step) => (best === null || step.at < best.at ? step : best), null);
}

export function isOverdue(state: AssignmentState, now: number): boolean {
  return owesReport(state) && now >= state.schedule.deadline;
}

export function openEscalationLevel(state: AssignmentState): number {
  return state.escalations.filter((e) => e.resolvedAt === null).reduce((max, e) => Math.max(max, e.level), 0);
}
