import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { assignmentStateQuery, type AssignmentState } from '@cascade/contracts';
import { projected } from '../../support/projection-wait';

/** What the read model, the escalation ledger and the event log hold against what the workflows say. */
export interface InvariantReport {
  assignments: number;
  statusMismatches: string[];
  duplicateEscalations: number;
  escalations: number;
  escalationMismatches: string[];
  events: number;
  eventMismatches: string[];
  /** Workflows whose event seqs have a hole (an event lost between two recorded ones). */
  seqGaps: string[];
}

/** `work` over `items` with at most `limit` running at once, results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}

const ACKNOWLEDGED_OR_LATER = new Set(['ACKNOWLEDGED', 'FORWARDED', 'REPORTED', 'ACCEPTED']);

/**
 * Checks every assignment of the given root directives: its read-model status equals the
 * workflow's query, its escalation rows are unique per level and match the workflow's, and its
 * event log has each transition exactly once (one ASSIGNMENT_DELIVERED; one ASSIGNMENT_ACKNOWLEDGED
 * once acknowledged, none before; one REPORT_SUBMITTED per report version; one ESCALATED per
 * escalation) with no hole in the seqs.
 */
export async function checkInvariants(
  client: Client,
  db: DataSource,
  rootDirectiveIds: readonly string[],
): Promise<InvariantReport> {
  const marks = rootDirectiveIds.map(() => '?').join(',');
  const rows: Array<{ id: string; status: string; directive_id: string }> = await db.query(
    `SELECT id, status, directive_id FROM assignments WHERE root_directive_id IN (${marks}) ORDER BY id`,
    [...rootDirectiveIds],
  );
  const directiveIds = [...new Set(rows.map((r) => r.directive_id))];
  const dmarks = directiveIds.map(() => '?').join(',');
  const states = await mapLimit(rows, 48, async (row) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await client.workflow.getHandle(row.id).query(assignmentStateQuery);
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  });
  const byId = new Map<string, AssignmentState>(rows.map((row, i) => [row.id, states[i]]));
  // A workflow answers before it projects: compare once each has recorded the state it was asked for.
  await mapLimit(states, 48, (state) => projected(client, state, 60_000));
  const projectedStatus = new Map<string, string>(
    (
      await db.query<Array<{ id: string; status: string }>>(
        `SELECT id, status FROM assignments WHERE root_directive_id IN (${marks})`,
        [...rootDirectiveIds],
      )
    ).map((row) => [row.id, row.status]),
  );
  for (const row of rows) row.status = projectedStatus.get(row.id) ?? row.status;

  const statusMismatches = rows
    .filter((row) => byId.get(row.id)?.status !== row.status)
    .map((row) => `${row.id}: read model ${row.status}, workflow ${byId.get(row.id)?.status}`);

  const escalationRows: Array<{ assignment_id: string; level: number }> = directiveIds.length
    ? await db.query(`SELECT assignment_id, level FROM escalations WHERE directive_id IN (${dmarks})`, directiveIds)
    : [];
  const escalationKeys = escalationRows.map((e) => `${e.assignment_id}@${e.level}`);
  const duplicateEscalations = escalationKeys.length - new Set(escalationKeys).size;
  const escalationsPer = new Map<string, number>();
  for (const e of escalationRows) escalationsPer.set(e.assignment_id, (escalationsPer.get(e.assignment_id) ?? 0) + 1);
  const escalationMismatches = rows
    .filter((row) => (escalationsPer.get(row.id) ?? 0) !== (byId.get(row.id)?.escalations.length ?? 0))
    .map(
      (row) => `${row.id}: ledger ${escalationsPer.get(row.id) ?? 0}, workflow ${byId.get(row.id)?.escalations.length}`,
    );

  const events: Array<{ id: string; type: string; assignment_id: string | null }> = directiveIds.length
    ? await db.query(`SELECT id, type, assignment_id FROM events WHERE directive_id IN (${dmarks})`, directiveIds)
    : [];
  const count = new Map<string, number>();
  for (const e of events)
    if (e.assignment_id)
      count.set(`${e.assignment_id}|${e.type}`, (count.get(`${e.assignment_id}|${e.type}`) ?? 0) + 1);
  const eventMismatches: string[] = [];
  for (const row of rows) {
    const state = byId.get(row.id) as AssignmentState;
    const expect = (type: string, n: number) => {
      const seen = count.get(`${row.id}|${type}`) ?? 0;
      if (seen !== n) eventMismatches.push(`${row.id}: ${seen} × ${type}, expected ${n}`);
    };
    expect('ASSIGNMENT_DELIVERED', 1);
    expect('ASSIGNMENT_ACKNOWLEDGED', state.acknowledgedAt !== null || ACKNOWLEDGED_OR_LATER.has(state.status) ? 1 : 0);
    expect('REPORT_SUBMITTED', state.reports.length);
    expect('ESCALATED', state.escalations.length);
    expect('ASSIGNMENT_FORWARDED', state.forward ? 1 : 0);
  }

  const seqs = new Map<string, number[]>();
  for (const e of events) {
    const at = e.id.lastIndexOf('#');
    const list = seqs.get(e.id.slice(0, at)) ?? [];
    list.push(Number(e.id.slice(at + 1)));
    seqs.set(e.id.slice(0, at), list);
  }
  const seqGaps = [...seqs.entries()]
    .filter(([, list]) => {
      const sorted = [...new Set(list)].sort((a, b) => a - b);
      return sorted.length !== list.length || sorted[sorted.length - 1] - sorted[0] + 1 !== sorted.length;
    })
    .map(([workflowId]) => workflowId);

  return {
    assignments: rows.length,
    statusMismatches,
    duplicateEscalations,
    escalations: escalationRows.length,
    escalationMismatches,
    events: events.length,
    eventMismatches,
    seqGaps,
  };
}

/** A report as Jest compares it: the first few problems of each kind, so a failure shows examples. */
export function invariantVerdict(report: InvariantReport) {
  return {
    assignments: report.assignments,
    statusMismatches: report.statusMismatches.slice(0, 5),
    duplicateEscalations: report.duplicateEscalations,
    escalationMismatches: report.escalationMismatches.slice(0, 5),
    eventMismatches: report.eventMismatches.slice(0, 5),
    seqGaps: report.seqGaps.slice(0, 5),
  };
}

/** The verdict of a run in which `assignments` assignments exist and nothing is lost, doubled or out of step. */
export function cleanVerdict(assignments: number): ReturnType<typeof invariantVerdict> {
  return {
    assignments,
    statusMismatches: [],
    duplicateEscalations: 0,
    escalationMismatches: [],
    eventMismatches: [],
    seqGaps: [],
  };
}
