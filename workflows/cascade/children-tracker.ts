import {
  ASSIGNMENT_STATUSES,
  type AssignmentStatus,
  type ChildSnapshot,
  type ChildrenSummary,
  CLOSED_STATUSES,
  REPORTED_STATUSES,
} from '@cascade/contracts';

function emptyCounts(): Record<AssignmentStatus, number> {
  return Object.fromEntries(ASSIGNMENT_STATUSES.map((status) => [status, 0])) as Record<AssignmentStatus, number>;
}

/**
 * What a parent workflow knows of its direct children, from their `childChanged` signals.
 * Pure and deterministic: it only stores the latest snapshot per unit.
 */
export class ChildrenTracker {
  private readonly children = new Map<string, ChildSnapshot>();

  constructor(initial: ChildSnapshot[] = []) {
    for (const child of initial) this.children.set(child.unitCode, child);
  }

  /** Registers a child as delivered before its first signal arrives. */
  expect(child: ChildSnapshot): void {
    if (!this.children.has(child.unitCode)) this.children.set(child.unitCode, child);
  }

  /** Keeps the newer snapshot: one with a lower `seq` than the known one is a late signal. */
  update(snapshot: ChildSnapshot): void {
    const known = this.children.get(snapshot.unitCode);
    if (known?.seq !== undefined && snapshot.seq !== undefined && snapshot.seq < known.seq) return;
    this.children.set(snapshot.unitCode, snapshot);
  }

  get size(): number {
    return this.children.size;
  }

  list(): ChildSnapshot[] {
    return [...this.children.values()];
  }

  allReported(): boolean {
    return this.list().every((child) => REPORTED_STATUSES.includes(child.status) || child.status === 'WITHDRAWN');
  }

  allClosed(): boolean {
    return this.list().every((child) => CLOSED_STATUSES.includes(child.status));
  }

  summary(): ChildrenSummary {
    const counts = emptyCounts();
    const summary: ChildrenSummary = {
      total: 0,
      counts,
      overdue: 0,
      late: 0,
      zeroReports: 0,
      reported: [],
      pending: [],
    };
    for (const child of this.list()) {
      summary.total += 1;
      counts[child.status] += 1;
      if (child.overdue) summary.overdue += 1;
      if (child.late) summary.late += 1;
      if (REPORTED_STATUSES.includes(child.status)) {
        if (child.zeroReport) summary.zeroReports += 1;
        summary.reported.push({
          unitCode: child.unitCode,
          unitName: child.unitName,
          reportId: child.reportId,
          late: child.late,
          zeroReport: child.zeroReport,
        });
      } else if (child.status !== 'WITHDRAWN') {
        summary.pending.push({
          unitCode: child.unitCode,
          unitName: child.unitName,
          status: child.status,
          overdue: child.overdue,
        });
      }
    }
    return summary;
  }
}
