import { ASSIGNMENT_STATUSES } from './assignment.types';
import { ASSIGNMENT_STATUS_LABELS, assignmentStatusLabel, directiveStatusLabel } from './status-labels';

describe('status labels', () => {
  it('names every assignment status, 已退回 for a returned report included, each with its own word', () => {
    expect(Object.keys(ASSIGNMENT_STATUS_LABELS).sort()).toEqual([...ASSIGNMENT_STATUSES].sort());
    expect(new Set(Object.values(ASSIGNMENT_STATUS_LABELS)).size).toBe(ASSIGNMENT_STATUSES.length);
    expect(assignmentStatusLabel('RETURNED')).toBe('已退回');
    expect(assignmentStatusLabel('DELIVERED')).toBe('待签收');
  });

  it('shows a code it does not know as it is', () => {
    expect(assignmentStatusLabel('ARCHIVED')).toBe('ARCHIVED');
    expect(directiveStatusLabel('ACTIVE')).toBe('办理中');
    expect(directiveStatusLabel('PAUSED')).toBe('PAUSED');
  });
});
