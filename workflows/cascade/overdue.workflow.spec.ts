import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { type CascadeHarness, createCascadeHarness, eventually } from '../../test/support/cascade-harness';
import { CascadeClient } from '../../test/support/cascade-client';
import { databaseKinds } from '../../test/support/databases';
import { linfenCounties } from '../../test/support/seed-scenario';

const calendar = loadConfiguredCalendar();
const wd = (from: number, n: number) => calendar.addWorkingDays(new Date(from), n).getTime();
/** Timers fire at their instant; the workflow task that records them runs a moment later. */
const TOLERANCE_MS = 5_000;

describe.each(databaseKinds())(
  'overdue counties are reminded, then escalated level by level (read model on %s)',
  (kind) => {
    let env: TestWorkflowEnvironment;
    let harness: CascadeHarness;
    let worker: Worker;
    let running: Promise<void>;
    let cascade: CascadeClient;
    let deadline: number;
    const directiveId = `overdue-89-${kind}`;
    const silent = linfenCounties.filter((c) => ['141031', '141032', '141033'].includes(c.unitCode));
    const punctual = linfenCounties.filter((c) => !silent.includes(c));
    const query = (sql: string, ...params: unknown[]) => harness.dataSource.query(sql, params);

    beforeAll(async () => {
      env = await createTimeSkippingEnvironment();
      harness = await createCascadeHarness(env, kind);
      worker = await harness.createWorker();
      running = worker.run();
      cascade = new CascadeClient(env.client, harness.taskQueue);
      deadline = wd(await env.currentTimeMs(), 8);
      await cascade.startDirective({
        directiveId,
        docNumber: '临市民函〔2024〕89号',
        title: '关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
        issuerUnit: '141000',
        recipients: linfenCounties,
        deadline,
      });
      await eventually(
        () => query('SELECT id FROM assignments WHERE directive_id = ?', directiveId),
        (rows) => rows.length === 17,
      );
      for (const county of linfenCounties) await cascade.acknowledge(directiveId, county.unitCode);
      for (const county of punctual)
        await cascade.report(directiveId, county.unitCode, { content: `${county.unitName}：已按要求开展学习。` });
    });

    afterAll(async () => {
      worker?.shutdown();
      await running;
      await harness?.close();
      await env?.teardown();
    });

    it('reminds the silent counties before the deadline, then escalates L1 at it, L2 2wd and L3 5wd after', async () => {
      const expected = {
        'remind:3wd': wd(deadline, -3),
        'remind:1wd': wd(deadline, -1),
        1: deadline,
        2: wd(deadline, 2),
        3: wd(deadline, 5),
      };
      await env.sleep(expected[3] - (await env.currentTimeMs()) + 60_000);

      for (const county of silent) {
        const id = workflowIds.assignment(directiveId, county.unitCode);
        const reminders = await eventually(
          () =>
            query(
              "SELECT payload, occurred_at FROM events WHERE assignment_id = ? AND type = 'REMINDER_SENT' ORDER BY occurred_at",
              id,
            ),
          (r) => r.length === 2,
        );
        expect(reminders.map((r: { payload: string }) => JSON.parse(r.payload).key)).toEqual([
          'remind:3wd',
          'remind:1wd',
        ]);
        expect(Math.abs(Number(reminders[0].occurred_at) - expected['remind:3wd'])).toBeLessThan(TOLERANCE_MS);
        expect(Math.abs(Number(reminders[1].occurred_at) - expected['remind:1wd'])).toBeLessThan(TOLERANCE_MS);

        const escalations = await eventually(
          () =>
            query(
              'SELECT level, reason, target_unit, fired_at, resolved_at FROM escalations WHERE assignment_id = ? ORDER BY level',
              id,
            ),
          (r) => r.length === 3,
        );
        expect(escalations.map((e: { level: number }) => Number(e.level))).toEqual([1, 2, 3]);
        expect(escalations.map((e: { reason: string }) => e.reason)).toEqual(['OVERDUE', 'OVERDUE', 'OVERDUE']);
        expect(escalations.map((e: { target_unit: string | null }) => e.target_unit)).toEqual([
          '141000',
          '140000',
          null,
        ]);
        for (const e of escalations) {
          expect(Math.abs(Number(e.fired_at) - expected[Number(e.level) as 1 | 2 | 3])).toBeLessThan(TOLERANCE_MS);
          expect(e.resolved_at).toBeNull();
        }
        const state = await cascade.state(directiveId, county.unitCode);
        expect(state).toMatchObject({
          overdue: true,
          escalationLevel: 3,
          firedSteps: ['remind:3wd', 'remind:1wd', 'ladder:1', 'ladder:2', 'ladder:3'],
        });
      }
    });

    it('never reminds or escalates the counties that reported in time', async () => {
      const [{ n }] = await query(
        "SELECT COUNT(*) AS n FROM events WHERE directive_id = ? AND type IN ('REMINDER_SENT', 'ESCALATED') AND assignment_id NOT IN (?, ?, ?)",
        directiveId,
        ...silent.map((c) => workflowIds.assignment(directiveId, c.unitCode)),
      );
      expect(Number(n)).toBe(0);
    });

    it('fires each step exactly once: skipping further adds nothing', async () => {
      await env.sleep(30 * 24 * 3600_000);
      const [{ n }] = await query(
        "SELECT COUNT(*) AS n FROM events WHERE directive_id = ? AND type IN ('REMINDER_SENT', 'ESCALATED')",
        directiveId,
      );
      expect(Number(n)).toBe(silent.length * 5);
      const [{ n: escalations }] = await query(
        'SELECT COUNT(*) AS n FROM escalations WHERE directive_id = ?',
        directiveId,
      );
      expect(Number(escalations)).toBe(silent.length * 3);
    });

    it('a late report closes the open escalations and is marked late', async () => {
      const [xian] = silent;
      const state = await cascade.report(directiveId, xian.unitCode, {
        content: '隰县：因工作疏漏逾期报送，已完成学习。',
      });
      expect(state).toMatchObject({ status: 'REPORTED', late: true, overdue: false, escalationLevel: 0 });
      const id = workflowIds.assignment(directiveId, xian.unitCode);
      const escalations = await query('SELECT resolved_at FROM escalations WHERE assignment_id = ?', id);
      expect(escalations).toHaveLength(3);
      for (const e of escalations) expect(Number(e.resolved_at)).toBe(state.reportedAt);
      const [assignment] = await query(
        'SELECT status, late, overdue, escalation_level FROM assignments WHERE id = ?',
        id,
      );
      expect(assignment.status).toBe('REPORTED');
      expect(Boolean(Number(assignment.late))).toBe(true);
      expect(Number(assignment.escalation_level)).toBe(0);
      const open = await query(
        'SELECT assignment_id FROM escalations WHERE directive_id = ? AND resolved_at IS NULL',
        directiveId,
      );
      expect(open).toHaveLength(2 * 3);
    });
  },
);
