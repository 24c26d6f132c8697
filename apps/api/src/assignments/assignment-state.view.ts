import type { AssignmentState, ScheduledStep } from '@cascade/contracts';
import { toIso } from '../common/instants';
import { fileView } from '../documents/document.dto';
import type { AssignmentStateDto } from './assignment.dto';

const step = (s: ScheduledStep) => ({ key: s.key, at: toIso(s.at) });

/** The state an Update returned, with every instant as an ISO-8601 string. */
export function toAssignmentStateDto(state: AssignmentState): AssignmentStateDto {
  return {
    ...state,
    deliveredAt: toIso(state.deliveredAt),
    acknowledgedAt: toIso(state.acknowledgedAt),
    reportedAt: toIso(state.reportedAt),
    acceptedAt: toIso(state.acceptedAt),
    schedule: {
      deadline: toIso(state.schedule.deadline),
      ackDueAt: toIso(state.schedule.ackDueAt),
      reminders: state.schedule.reminders.map(step),
      ladder: state.schedule.ladder.map(step),
    },
    escalations: state.escalations.map((e) => ({ ...e, firedAt: toIso(e.firedAt), resolvedAt: toIso(e.resolvedAt) })),
    reports: state.reports.map((r) => ({
      ...r,
      files: (r.files ?? []).map(fileView),
      submittedAt: toIso(r.submittedAt),
    })),
    forward: state.forward
      ? { ...state.forward, deadline: toIso(state.forward.deadline), forwardedAt: toIso(state.forward.forwardedAt) }
      : null,
  };
}
