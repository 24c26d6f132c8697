import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';
import { eventDetail } from '../../apps/api/src/directives/directive-timeline.service';

const DAY = 86_400_000;

describe.each(databaseKinds())('dashboard reads: me, unit names and children, timeline, 督办 board (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let directiveId: string;
  let urgentId: string;
  let unacknowledgedId: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    const now = await env.currentTimeMs();
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2024〕169号',
        title: '<b>关于</b>银龄行动的通知',
        issuerUnit: '140000',
        recipients: ['141000', '140100'],
        deadline: new Date(now + 20 * DAY).toISOString(),
      },
      ['140000'],
    );
    directiveId = issued.body.id;
    const urgent = await h.post(
      '/api/directives',
      {
        docNumber: '晋民电〔2024〕1号',
        title: '紧急通知',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: new Date(now + 60_000).toISOString(),
        policy: { ackWithin: 'PT1H', ladder: ['PT0S', 'PT2S', 'PT4S'] },
      },
      ['140000'],
    );
    urgentId = urgent.body.id;
    const member = await h.post(
      '/api/directives',
      {
        docNumber: '晋民电〔2024〕2号',
        title: '请成员单位签收',
        issuerUnit: '140000',
        recipients: ['140000M01'],
        deadline: new Date(now + 20 * DAY).toISOString(),
        policy: { ackWithin: 'PT5S' },
      },
      ['140000'],
    );
    expect(member.status).toBe(201);
    unacknowledgedId = member.body.id;
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('GET /api/me names the caller’s unit and role, and needs a token', async () => {
    expect((await h.get('/api/me', ['141000', 'leader'])).body).toEqual({
      unitCode: '141000',
      unitName: '临汾市民政局',
      unitLevel: 'city',
      role: 'leader',
      roleName: '领导',
      name: null,
      login: null,
    });
    expect((await h.get('/api/me')).status).toBe(401);
  });

  it('GET /api/units/:code/children lists direct subordinates of a unit the caller may see', async () => {
    const children = await h.get('/api/units/141000/children', ['141000']);
    expect(children.status).toBe(200);
    expect(children.body).toHaveLength(17);
    expect(children.body[0]).toEqual({ code: '141002', name: '尧都区民政局', level: 'county', hasChildren: false });
    const province = await h.get('/api/units/140000/children', ['140000', 'supervisor']);
    expect(province.body.find((u: { code: string }) => u.code === '141000')).toMatchObject({
      level: 'city',
      hasChildren: true,
    });
    expect((await h.get('/api/units/141000/children', ['140100'])).status).toBe(403);
    expect((await h.get('/api/units/141000/children', ['140000', 'supervisor'])).status).toBe(200);
  });

  it('GET /api/units/names resolves codes and leaves unknown ones out', async () => {
    const names = await h.get('/api/units/names?codes=140000,nope,141002', ['141002']);
    expect(names.body).toEqual(
      expect.arrayContaining([
        { code: '140000', name: '山西省民政厅' },
        { code: '141002', name: '尧都区民政局' },
      ]),
    );
    expect(names.body).toHaveLength(2);
    expect((await h.get('/api/units/names', ['141002'])).status).toBe(400);
  });

  it('GET /api/directives/:id/events is the timeline, limited to what the caller sees', async () => {
    const id = workflowIds.assignment(directiveId, '141000');
    expect((await h.post(`/api/assignments/${id}/acknowledge`, {}, ['141000'])).status).toBe(200);
    expect(
      (await h.post(`/api/assignments/${id}/report`, { content: '<script>x</script>已学习' }, ['141000'])).status,
    ).toBe(200);
    const issuer = await eventually(
      () => h.get(`/api/directives/${directiveId}/events`, ['140000']),
      (r) => r.body.some((e: { type: string }) => e.type === 'REPORT_SUBMITTED'),
    );
    const types = issuer.body.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('DIRECTIVE_ISSUED');
    expect(types).toEqual(
      expect.arrayContaining(['ASSIGNMENT_DELIVERED', 'ASSIGNMENT_ACKNOWLEDGED', 'REPORT_SUBMITTED']),
    );
    expect(issuer.body.find((e: { type: string }) => e.type === 'REPORT_SUBMITTED')).toMatchObject({
      unitCode: '141000',
      unitName: '临汾市民政局',
      actorUnit: '141000',
      detail: '<script>x</script>已学习',
    });
    // A recipient sees only its own assignment's events (and the directive's).
    const taiyuan = await h.get(`/api/directives/${directiveId}/events`, ['140100']);
    expect(taiyuan.body.every((e: { unitCode: string | null }) => e.unitCode === null || e.unitCode === '140100')).toBe(
      true,
    );
    expect((await h.get(`/api/directives/${directiveId}/events`, ['140200'])).status).toBe(404);
  });

  it('GET /api/escalation-board shows one row per unit and document at its current level, with its history', async () => {
    await env.sleep(70_000);
    const board = await eventually(
      () => h.get(`/api/escalation-board?directive=${urgentId}`, ['140000', 'supervisor']),
      (r) => r.body.items?.[0]?.level === 3 && r.body.items[0].history.length === 3,
    );
    expect(board.body.items).toHaveLength(1);
    const row = board.body.items[0];
    expect(row).toMatchObject({
      assignmentId: workflowIds.assignment(urgentId, '141000'),
      directiveId: urgentId,
      docNumber: '晋民电〔2024〕1号',
      title: '紧急通知',
      unitCode: '141000',
      regionCode: '141000',
      issuerUnit: '140000',
      level: 3,
      reason: 'OVERDUE',
      reasons: ['OVERDUE'],
      canUrge: true,
      urgeCount: 0,
      lastUrgedAt: null,
      nextUrgeAt: null,
    });
    // 逾期未报送 is measured against the 报送 deadline.
    expect(row.dueAt).toBe(row.deadline);
    expect(row.history.map((e: { kind: string; level: number }) => `${e.kind}${e.level}`)).toEqual([
      'ESCALATED1',
      'ESCALATED2',
      'ESCALATED3',
    ]);
    // Regions and 成员单位 apart: the province's 11 cities, its 6 committee members.
    expect(board.body.regions).toHaveLength(11);
    expect(board.body.members).toHaveLength(6);
    expect(board.body.members.map((m: { code: string }) => m.code)).toContain('140000M01');
    expect(board.body.totals).toEqual([
      expect.objectContaining({ code: '141000', member: false, count: 1, level3: 1, overdue: 1, notAcknowledged: 0 }),
    ]);

    const level2 = await h.get(`/api/escalation-board?directive=${urgentId}&level=2`, ['140000', 'supervisor']);
    expect(level2.body.items).toEqual([]);
    const level3 = await h.get(`/api/escalation-board?directive=${urgentId}&level=3`, ['140000', 'supervisor']);
    expect(level3.body.items).toHaveLength(1);
    const elsewhere = await h.get('/api/escalation-board?under=140100', ['140000', 'supervisor']);
    expect(elsewhere.body.items).toEqual([]);
    // The unit itself sees its escalations but may not urge itself.
    const own = await h.get(`/api/escalation-board?directive=${urgentId}`, ['141000']);
    expect(own.body.items.every((i: { canUrge: boolean }) => !i.canUrge)).toBe(true);
    expect((await h.get('/api/escalation-board?level=4', ['140000', 'supervisor'])).status).toBe(400);
    expect((await h.get('/api/escalation-board?under=999999', ['140000', 'supervisor'])).status).toBe(404);
  });

  it('GET /api/escalation-board measures 逾期未签收 against the 签收 time limit and counts 成员单位 apart', async () => {
    const board = await eventually(
      () => h.get(`/api/escalation-board?directive=${unacknowledgedId}`, ['140000', 'supervisor']),
      (r) => r.body.items?.length === 1,
    );
    const row = board.body.items[0];
    expect(row).toMatchObject({ unitCode: '140000M01', reason: 'NOT_ACKNOWLEDGED', reasons: ['NOT_ACKNOWLEDGED'] });
    expect(row.dueAt).toBe(row.ackDueAt);
    expect(row.dueAt).not.toBe(row.deadline);
    expect(board.body.totals).toEqual([
      expect.objectContaining({ code: '140000M01', member: true, count: 1, notAcknowledged: 1, overdue: 0 }),
    ]);
    const members = await h.get('/api/escalation-board?under=140000M01', ['140000', 'supervisor']);
    expect(members.body.items.map((i: { unitCode: string }) => i.unitCode)).toEqual(['140000M01']);
  });

  it('GET /api/escalation-board shows when a unit may be urged again instead of refusing it', async () => {
    const id = workflowIds.assignment(urgentId, '141000');
    expect((await h.post(`/api/assignments/${id}/urge`, { note: '请尽快报送' }, ['140000', 'supervisor'])).status).toBe(
      200,
    );
    const board = await eventually(
      () => h.get(`/api/escalation-board?directive=${urgentId}`, ['140000', 'supervisor']),
      (r) => r.body.items?.[0]?.urgeCount === 1,
    );
    const row = board.body.items[0];
    // The default policy allows one urge every 4 hours.
    expect(Date.parse(row.nextUrgeAt) - Date.parse(row.lastUrgedAt)).toBe(4 * 3_600_000);
    expect(row.history.at(-1)).toMatchObject({ kind: 'URGED', actorUnit: '140000', note: '请尽快报送' });
    expect((await h.post(`/api/assignments/${id}/urge`, {}, ['140000', 'supervisor'])).status).toBe(429);
  });

  it('summarises event payloads in a few words', () => {
    expect(eventDetail('ESCALATED', { escalation: { level: 2 } })).toBe('第 2 级');
    expect(eventDetail('ESCALATED', { escalation: { level: 1, reason: 'NOT_ACKNOWLEDGED' } })).toBe(
      '未按时签收 · 第 1 级',
    );
    expect(eventDetail('ESCALATED', { escalation: { level: 1, reason: 'OVERDUE' } })).toBe('逾期未报送 · 第 1 级');
    expect(eventDetail('REPORT_SUBMITTED', { report: { zeroReport: true, content: '' } })).toBe('无则报零');
    expect(eventDetail('REPORT_SUBMITTED', { report: { content: 'x'.repeat(300) } })).toHaveLength(201);
    expect(eventDetail('ASSIGNMENT_ACKNOWLEDGED', {})).toBeNull();
  });
});
