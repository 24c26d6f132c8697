import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { createCascadeApi } from '@cascade/api-client';
import {
  acknowledgeUpdate,
  type Actor,
  type DirectivePolicy,
  directiveStart,
  type DirectiveWorkflowInput,
  forwardUpdate,
  workflowIds,
} from '@cascade/contracts';
import type { PlacedUnit } from '@cascade/domain/units';
import type { BaseActivities, BaseDirectiveInput, BaseForward } from '../baseline/workflows';
import { sleep } from './stats';

/** How a deadline storm is set up: every assignment's level-1 escalation falls at `at`. */
export interface Timing {
  deadline: number;
  /** When set, the only timer that matters fires at this instant (S5). */
  stormAt?: number;
}

export interface EscalationCount {
  /** Assignments with a level-1 escalation in the read model (ours) or the sink (baseline). */
  distinct: number;
  /** Assignments whose level-1 escalation was recorded more than once. */
  duplicates: number;
}

/** One engine under test, Cascade or the baseline, driven the same way by every scenario. */
export interface Driver {
  label: 'cascade' | 'baseline';
  taskQueue: string;
  assignmentId(directiveId: string, unitCode: string): string;
  issue(directiveId: string, recipients: PlacedUnit[], timing: Timing): Promise<void>;
  acknowledge(directiveId: string, unit: PlacedUnit): Promise<void>;
  forward(
    directiveId: string,
    unit: PlacedUnit,
    forwardDirectiveId: string,
    recipients: PlacedUnit[],
    deadline: number,
  ): Promise<void>;
  /** Assignments of a root directive's tree that the read model (or sink) shows as delivered. */
  delivered(rootDirectiveId: string): Promise<number>;
  escalations(directiveIds: string[]): Promise<EscalationCount>;
  /** S3: one acknowledge or report over HTTP; resolves with the status code. */
  http(kind: 'ack' | 'report', directiveId: string, unit: PlacedUnit, token: string): Promise<number>;
  /**
   * S3: when the read model (or sink) recorded each of these operations (epoch ms, keyed
   * `{kind}:{assignmentId}`); an operation not recorded yet is absent. Read after the load, once per
   * check, so measuring the lag puts no load of its own on the system under test.
   */
  recordedAt(ops: ReadonlyArray<{ kind: 'ack' | 'report'; id: string }>): Promise<Map<string, number>>;
  /** Ends every workflow this driver started (keeps the dev server light between scenarios). */
  terminate(workflowIds: string[]): Promise<void>;
}

/** The events whose recording shows an S3 operation in the read model. */
const S3_EVENT = { ack: 'ASSIGNMENT_ACKNOWLEDGED', report: 'REPORT_SUBMITTED' } as const;

/** One timer that matters per assignment: level 1 at the deadline (the acknowledgement check and levels 2–3 a year or more later). */
const BENCH_POLICY: DirectivePolicy = { ackWithin: 'P365D', remindBefore: [], ladder: ['PT0S', 'P365D', 'P730D'] };

/** S3 counts a request still unanswered after this long as failed. */
const HTTP_TIMEOUT_MS = 60_000;

function isNotFound(error: unknown): boolean {
  const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''}`;
  return /NotFound|not found/i.test(text);
}

/** An Update sent right after the parent started the child may find no workflow yet: try again shortly. */
export async function retryNotFound<T>(work: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isNotFound(error) || Date.now() > deadline) throw error;
      await sleep(Math.min(200, 10 * 2 ** Math.min(attempt, 5)));
    }
  }
}

function placeholders(count: number): string {
  return new Array(count).fill('?').join(',');
}

export function cascadeDriver(client: Client, dataSource: DataSource, taskQueue: string, baseUrl: string): Driver {
  const actor = (unit: PlacedUnit): Actor => ({ unitCode: unit.code, role: 'clerk', name: 'bench' });
  const handle = (directiveId: string, unit: PlacedUnit) =>
    client.workflow.getHandle(workflowIds.assignment(directiveId, unit.code));
  const api = createCascadeApi({ baseUrl });
  return {
    label: 'cascade',
    taskQueue,
    assignmentId: workflowIds.assignment,
    async issue(directiveId, recipients, timing) {
      const input: DirectiveWorkflowInput = {
        directiveId,
        docNumber: `民函〔2026〕${directiveId.slice(-6)}号`,
        title: '关于开展基准测试的通知',
        issuerUnit: '000000',
        recipients: recipients.map((unit) => ({ unitCode: unit.code, unitName: unit.name })),
        deadline: timing.stormAt ?? timing.deadline,
        policy: BENCH_POLICY,
      };
      await client.workflow.start('directiveWorkflow', directiveStart(input, taskQueue));
    },
    async acknowledge(directiveId, unit) {
      await retryNotFound(() =>
        handle(directiveId, unit).executeUpdate(acknowledgeUpdate, { args: [{ actor: actor(unit) }] }),
      );
    },
    async forward(directiveId, unit, forwardDirectiveId, recipients, deadline) {
      await retryNotFound(() =>
        handle(directiveId, unit).executeUpdate(forwardUpdate, {
          args: [
            {
              actor: actor(unit),
              directiveId: forwardDirectiveId,
              docNumber: `转发〔2026〕${unit.code}号`,
              title: '转发关于开展基准测试的通知',
              recipients: recipients.map((child) => ({ unitCode: child.code, unitName: child.name })),
              deadline,
              policy: BENCH_POLICY,
            },
          ],
        }),
      );
    },
    async delivered(rootDirectiveId) {
      const rows: Array<{ n: number | string }> = await dataSource.query(
        'SELECT COUNT(*) AS n FROM assignments WHERE root_directive_id = ?',
        [rootDirectiveId],
      );
      return Number(rows[0].n);
    },
    async escalations(directiveIds) {
      const list = placeholders(directiveIds.length);
      const rows: Array<{ n: number | string }> = await dataSource.query(
        `SELECT COUNT(DISTINCT assignment_id) AS n FROM escalations WHERE level = 1 AND directive_id IN (${list})`,
        directiveIds,
      );
      const dup: Array<{ n: number | string }> = await dataSource.query(
        `SELECT COUNT(*) AS n FROM (SELECT assignment_id FROM events WHERE type = 'ESCALATED' AND directive_id IN (${list}) GROUP BY assignment_id HAVING COUNT(*) > 1) t`,
        directiveIds,
      );
      return { distinct: Number(rows[0].n), duplicates: Number(dup[0].n) };
    },
    async http(kind, directiveId, unit, token) {
      const request = {
        params: { path: { id: workflowIds.assignment(directiveId, unit.code) } },
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      };
      const { response } =
        kind === 'ack'
          ? await api.POST('/api/assignments/{id}/acknowledge', { ...request, body: {} })
          : await api.POST('/api/assignments/{id}/report', {
              ...request,
              body: { content: `${unit.name}：已按要求完成。` },
            });
      return response.status;
    },
    async recordedAt(ops) {
      // The projection stamps each event row with recorded_at in the transaction that shows the new status.
      const result = new Map<string, number>();
      const ids = [...new Set(ops.map((op) => op.id))];
      for (let i = 0; i < ids.length; i += 400) {
        const chunk = ids.slice(i, i + 400);
        const rows: Array<{ assignmentId: string; type: string; recordedAt: string | number }> = await dataSource.query(
          `SELECT assignment_id AS assignmentId, type, MIN(recorded_at) AS recordedAt FROM events
           WHERE assignment_id IN (${placeholders(chunk.length)}) AND type IN ('${S3_EVENT.ack}', '${S3_EVENT.report}')
           GROUP BY assignment_id, type`,
          chunk,
        );
        for (const row of rows) {
          const kind = row.type === S3_EVENT.ack ? 'ack' : 'report';
          result.set(`${kind}:${row.assignmentId}`, Number(row.recordedAt));
        }
      }
      return result;
    },
    terminate: (ids) => terminateAll(client, ids),
  };
}

async function terminateAll(client: Client, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(
      ids.slice(i, i + 50).map((id) =>
        client.workflow
          .getHandle(id)
          .terminate('benchmark finished')
          .catch(() => undefined),
      ),
    );
  }
}

/** The in-memory sink the baseline activity writes to: what the baseline has "recorded". */
export class BaselineSink {
  readonly deliveredByRoot = new Map<string, number>();
  /** workflowId → kind → count */
  readonly kinds = new Map<string, Map<string, number>>();
  /** workflowId → kind → when it was first recorded (epoch ms) */
  readonly firstAt = new Map<string, Map<string, number>>();

  activities(): BaseActivities {
    return {
      sink: async (entries, notice) => {
        for (const { rootDirectiveId, workflowId, kind } of entries) {
          const kinds = this.kinds.get(workflowId) ?? new Map<string, number>();
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          this.kinds.set(workflowId, kinds);
          const firstAt = this.firstAt.get(workflowId) ?? new Map<string, number>();
          if (!firstAt.has(kind)) firstAt.set(kind, Date.now());
          this.firstAt.set(workflowId, firstAt);
          if (kind === 'delivered' && kinds.get(kind) === 1)
            this.deliveredByRoot.set(rootDirectiveId, (this.deliveredByRoot.get(rootDirectiveId) ?? 0) + 1);
        }
        if (notice) {
          // The parent may be gone; nothing to tell.
          await Context.current()
            .client.workflow.getHandle(notice.parentWorkflowId)
            .signal<[string, string]>('baseChildChanged', notice.unitCode, notice.status)
            .catch((error: unknown) => {
              if (!(error instanceof WorkflowNotFoundError)) throw error;
            });
        }
      },
    };
  }
}

export const baseDirectiveWorkflowId = (directiveId: string): string => `base-directive:${directiveId}`;
export const baseAssignmentWorkflowId = (directiveId: string, unitCode: string): string =>
  `base-assignment:${directiveId}:${unitCode}`;

export function baselineDriver(client: Client, sink: BaselineSink, taskQueue: string, baseUrl: string): Driver {
  const handle = (directiveId: string, unit: PlacedUnit) =>
    client.workflow.getHandle(baseAssignmentWorkflowId(directiveId, unit.code));
  const escalateAt = new Map<string, number>();
  return {
    label: 'baseline',
    taskQueue,
    assignmentId: baseAssignmentWorkflowId,
    async issue(directiveId, recipients, timing) {
      const input: BaseDirectiveInput = {
        directiveId,
        recipients: recipients.map((unit) => ({ unitCode: unit.code })),
        escalateAt: timing.stormAt ?? timing.deadline + 365 * 86_400_000,
      };
      escalateAt.set(directiveId, input.escalateAt);
      await client.workflow.start('baseDirectiveWorkflow', {
        taskQueue,
        workflowId: baseDirectiveWorkflowId(directiveId),
        args: [input],
      });
    },
    async acknowledge(directiveId, unit) {
      await retryNotFound(() => handle(directiveId, unit).executeUpdate('baseAcknowledge', { args: [] }));
    },
    async forward(directiveId, unit, forwardDirectiveId, recipients) {
      const forward: BaseForward = {
        directiveId: forwardDirectiveId,
        recipients: recipients.map((child) => ({ unitCode: child.code })),
      };
      await retryNotFound(() => handle(directiveId, unit).executeUpdate('baseForward', { args: [forward] }));
    },
    delivered: async (rootDirectiveId) => sink.deliveredByRoot.get(rootDirectiveId) ?? 0,
    async escalations(directiveIds) {
      let distinct = 0;
      let duplicates = 0;
      const prefixes = directiveIds.map((id) => `base-assignment:${id}:`);
      for (const [workflowId, kinds] of sink.kinds) {
        const count = kinds.get('escalated') ?? 0;
        if (!count || !prefixes.some((prefix) => workflowId.startsWith(prefix))) continue;
        distinct += 1;
        if (count > 1) duplicates += 1;
      }
      return { distinct, duplicates };
    },
    async http(kind, directiveId, unit) {
      const id = encodeURIComponent(baseAssignmentWorkflowId(directiveId, unit.code));
      const response = await fetch(`${baseUrl}/${kind}/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async recordedAt(ops) {
      const result = new Map<string, number>();
      for (const op of ops) {
        const at = sink.firstAt.get(op.id)?.get(op.kind === 'ack' ? 'acknowledged' : 'reported');
        if (at !== undefined) result.set(`${op.kind}:${op.id}`, at);
      }
      return result;
    },
    terminate: (ids) => terminateAll(client, ids),
  };
}
