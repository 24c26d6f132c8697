import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@cascade/contracts';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const calendar = loadConfiguredCalendar();
const wd = (from: number, n: number) => calendar.addWorkingDays(new Date(from), n).getTime();
/** Timers fire at their instant; recording them takes a moment more. */
const TOLERANCE_MS = 5_000;

describe.each(databaseKinds())('escalation records of a unit that never acknowledges (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let directiveId: string;
  let deliveredAt: number;
  let deadline: number;
  const linfen = ['141000', 'clerk'] as [string, 'clerk'];

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    deliveredAt = await env.currentTimeMs();
    deadline = wd(deliveredAt, 5);
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '临市民函〔2026〕7号',
        title: '关于报送老年人助餐服务情况的通知',
        issuerUnit: '141000',
        recipients: ['141033'],
        deadline: new Date(deadline).toISOString(),
        policy: { ackWithin: 'P1D' },
      },
      linfen,
    );
    expect(issued.status).toBe(201);
    directiveId = issued.body.id;
    // Past the third level of the deadline ladder (5 working days after the deadline).
    await env.sleep(wd(deadline, 6) - (await env.currentTimeMs()));
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('keeps the acknowledgement escalation (at the ack due time) apart from the deadline ladder (from the deadline)', async () => {
    const page = await eventually(
      () => h.get(`/api/escalations?directive=${directiveId}`, linfen),
      (r) => r.body.total === 4,
    );
    const rows = (page.body.items as Array<{ id: string; level: number; reason: string; firedAt: string }>)
      .map((e) => ({ id: e.id, level: e.level, reason: e.reason, firedAt: Date.parse(e.firedAt) }))
      .sort((a, b) => a.firedAt - b.firedAt);
    const assignment = workflowIds.assignment(directiveId, '141033');
    expect(rows.map((e) => [e.id, e.reason, e.level])).toEqual([
      [`${assignment}#A1`, 'NOT_ACKNOWLEDGED', 1],
      [`${assignment}#L1`, 'OVERDUE', 1],
      [`${assignment}#L2`, 'OVERDUE', 2],
      [`${assignment}#L3`, 'OVERDUE', 3],
    ]);
    expect(Math.abs(rows[0].firedAt - (deliveredAt + 24 * 3600_000))).toBeLessThan(TOLERANCE_MS);
    expect(rows[0].firedAt).toBeLessThan(deadline);
    expect(Math.abs(rows[1].firedAt - deadline)).toBeLessThan(TOLERANCE_MS);
  });

  it('shows each escalation once in the 留痕, with its reason', async () => {
    const timeline = await h.get(`/api/directives/${directiveId}/events`, linfen);
    const escalations = (timeline.body as Array<{ type: string; detail: string | null }>)
      .filter((e) => e.type === 'ESCALATED')
      .map((e) => e.detail);
    expect(escalations).toEqual([
      '未按时签收 · 第 1 级',
      '逾期未报送 · 第 1 级',
      '逾期未报送 · 第 2 级',
      '逾期未报送 · 第 3 级',
    ]);
  });
});
