import type { AssignmentStatus, ChildSnapshot } from '@cascade/contracts';
import { ChildrenTracker } from './children-tracker';

function snapshot(status: AssignmentStatus, seq?: number): ChildSnapshot {
  return {
    assignmentId: 'assignment:d:141002',
    unitCode: '141002',
    unitName: '尧都区民政局',
    status,
    overdue: false,
    escalationLevel: 0,
    late: false,
    zeroReport: false,
    reportedAt: status === 'REPORTED' ? 1 : null,
    reportId: status === 'REPORTED' ? 'assignment:d:141002#R1' : null,
    ...(seq === undefined ? {} : { seq }),
  };
}

describe('ChildrenTracker: what a parent knows of its children', () => {
  it('keeps the newest snapshot when signals of concurrent projections arrive out of order', () => {
    const tracker = new ChildrenTracker([snapshot('DELIVERED')]);
    tracker.update(snapshot('REPORTED', 4));
    tracker.update(snapshot('ACKNOWLEDGED', 2));
    expect(tracker.list().map((child) => child.status)).toEqual(['REPORTED']);
    expect(tracker.allReported()).toBe(true);
  });

  it('takes a repeated snapshot (a retried activity) and, without seq (before the patch), every signal in arrival order', () => {
    const tracker = new ChildrenTracker();
    tracker.update(snapshot('ACKNOWLEDGED', 2));
    tracker.update(snapshot('ACKNOWLEDGED', 2));
    expect(tracker.size).toBe(1);
    const old = new ChildrenTracker();
    old.update(snapshot('REPORTED'));
    old.update(snapshot('ACKNOWLEDGED'));
    expect(old.list()[0].status).toBe('ACKNOWLEDGED');
  });
});
