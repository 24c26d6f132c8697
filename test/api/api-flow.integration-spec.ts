import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Workbook } from 'exceljs';
import { workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { csvFields } from '../../apps/cli/src/commands/units-import.command';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const COUNTIES = ['141002', '141021', '141022'];

/** The CSV the API writes, as rows (no field of this scenario spans lines). */
const parseCsv = (text: string): string[][] => text.split('\r\n').filter(Boolean).map(csvFields);

describe.each(databaseKinds())('the API over HTTP, from issue to 汇总表 (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let now: number;
  let directiveId: string;
  let forwardId: string;
  const province = ['140000', 'clerk'] as [string, 'clerk'];
  const linfen = ['141000', 'clerk'] as [string, 'clerk'];
  const assignment = (directive: string, unit: string) => workflowIds.assignment(directive, unit);

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    now = await env.currentTimeMs();
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('issues a directive and answers 201 with the delivered assignments', async () => {
    const response = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2024〕169号',
        title: '关于深入学习贯彻“银龄行动”回信精神的通知',
        body: '请于11月20日前报送。',
        issuerUnit: '140000',
        recipients: ['141000', '140100'],
        deadline: iso(now + 20 * DAY),
        obligations: [{ kind: 'report', text: '以电子版形式报省老龄办' }],
        policy: { ackWithin: 'P2D', remindBefore: ['1wd'] },
      },
      province,
    );
    expect(response.status).toBe(201);
    directiveId = response.body.id;
    expect(directiveId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.assignments).toEqual([
      { id: assignment(directiveId, '141000'), unitCode: '141000', status: 'DELIVERED' },
      { id: assignment(directiveId, '140100'), unitCode: '140100', status: 'DELIVERED' },
    ]);
  });

  it('shows the directive in the issuer’s list and the recipients’ inboxes', async () => {
    const list = await h.get('/api/directives?q=169', province);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({
      id: directiveId,
      issuerUnit: '140000',
      status: 'ACTIVE',
      deadline: iso(now + 20 * DAY),
    });
    const detail = await h.get(`/api/directives/${directiveId}`, linfen);
    expect(detail.body).toMatchObject({
      docNumber: '晋民函〔2024〕169号',
      policy: { ackWithin: 'P2D' },
      recipients: [{ unitCode: '141000', unitName: '临汾市民政局' }, { unitCode: '140100' }],
    });
    const inbox = await eventually(
      () => h.get('/api/units/141000/inbox', linfen),
      (r) => r.body.length === 1,
    );
    expect(inbox.body[0]).toEqual({
      id: assignment(directiveId, '141000'),
      directiveId,
      docNumber: '晋民函〔2024〕169号',
      title: expect.any(String),
      status: 'DELIVERED',
      deadline: iso(now + 20 * DAY),
      overdue: false,
    });
  });

  it('acknowledges, then refuses a forward later than the unit’s own deadline with 422 and a second forward with 409', async () => {
    const id = assignment(directiveId, '141000');
    const acknowledged = await h.post(`/api/assignments/${id}/acknowledge`, {}, linfen);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      assignmentId: id,
      status: 'ACKNOWLEDGED',
      acknowledgedAt: expect.stringMatching(/Z$/),
      schedule: { deadline: iso(now + 20 * DAY) },
    });

    const late = await h.post(
      `/api/assignments/${id}/forward`,
      { docNumber: '临市民函〔2024〕89号', title: '转发', recipients: COUNTIES, deadline: iso(now + 30 * DAY) },
      linfen,
    );
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'DEADLINE_TOO_LATE' });
    expect(late.body.message).toMatch(/^转发期限 \d+年\d+月\d+日 晚于本单位报送期限 \d+年\d+月\d+日$/);

    const forward = await h.post(
      `/api/assignments/${id}/forward`,
      {
        docNumber: '临市民函〔2024〕89号',
        title: '关于转发的通知',
        recipients: COUNTIES,
        deadline: iso(now + 15 * DAY),
      },
      linfen,
    );
    expect(forward.status).toBe(200);
    expect(forward.body.status).toBe('FORWARDED');
    expect(forward.body.forward).toMatchObject({
      docNumber: '临市民函〔2024〕89号',
      deadline: iso(now + 15 * DAY),
      recipients: [{ unitCode: '141002', unitName: '尧都区民政局' }, { unitCode: '141021' }, { unitCode: '141022' }],
    });
    forwardId = forward.body.forward.directiveId;

    const again = await h.post(
      `/api/assignments/${id}/forward`,
      { docNumber: 'x', title: 'x', recipients: ['141002'], deadline: iso(now + 10 * DAY) },
      linfen,
    );
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/已转发/);
  });

  it('refuses a report before acknowledgement with the workflow’s reason', async () => {
    await eventually(
      () => h.get(`/api/units/141002/inbox`, ['141002']),
      (r) => r.body.length === 1,
    );
    const early = await h.post(`/api/assignments/${assignment(forwardId, '141002')}/report`, { content: '已开展' }, [
      '141002',
    ]);
    expect(early.status).toBe(409);
    expect(early.body).toEqual({ statusCode: 409, code: 'NOT_ACKNOWLEDGED', message: '尚未签收，请先签收再报送' });
  });

  it('counties acknowledge and report; the forwarder accepts', async () => {
    for (const county of ['141002', '141021']) {
      expect(
        (await h.post(`/api/assignments/${assignment(forwardId, county)}/acknowledge`, undefined, [county])).status,
      ).toBe(200);
    }
    const reported = await h.post(
      `/api/assignments/${assignment(forwardId, '141002')}/report`,
      {
        content: '尧都区开展主题活动 2 项, 详见 "附件"',
        attachments: [{ name: '活动照片.zip', url: 'https://example.org/a.zip' }],
      },
      ['141002'],
    );
    expect(reported.status).toBe(200);
    expect(reported.body).toMatchObject({
      status: 'REPORTED',
      reportedAt: expect.stringMatching(/Z$/),
      reports: [{ version: 1, attachments: [{ name: '活动照片.zip' }] }],
    });
    const zero = await h.post(
      `/api/assignments/${assignment(forwardId, '141021')}/report`,
      { content: '', zeroReport: true },
      ['141021'],
    );
    expect(zero.status).toBe(200);
    const accepted = await h.post(`/api/assignments/${assignment(forwardId, '141002')}/accept`, {}, linfen);
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('ACCEPTED');
  });

  it('answers 409 to an operation on an assignment whose workflow has finished', async () => {
    const id = assignment(forwardId, '141002');
    await eventually(
      () => h.cascade.env.client.workflow.getHandle(id).describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    const again = await h.post(`/api/assignments/${id}/accept`, {}, linfen);
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      statusCode: 409,
      code: 'CONFLICT',
      message: '该承办任务已结束（已办结），不能再办理',
    });
  });

  it('shows the issuer the whole tree across forwarding levels, with counts', async () => {
    const tree = await eventually(
      () => h.get(`/api/directives/${directiveId}/tree`, province),
      (r) => r.body.counts?.ACCEPTED === 1 && r.body.counts?.REPORTED === 1,
    );
    expect(tree.status).toBe(200);
    expect(tree.body).toMatchObject({ id: directiveId, docNumber: '晋民函〔2024〕169号', issuerUnit: '140000' });
    expect(tree.body.counts).toEqual({
      DELIVERED: 2,
      ACKNOWLEDGED: 0,
      FORWARDED: 1,
      REPORTED: 1,
      ACCEPTED: 1,
      RETURNED: 0,
      WITHDRAWN: 0,
    });
    const linfenNode = tree.body.nodes.find((n: { unitCode: string }) => n.unitCode === '141000');
    expect(linfenNode).toMatchObject({
      assignmentId: assignment(directiveId, '141000'),
      unitName: '临汾市民政局',
      status: 'FORWARDED',
      forwardedDirectiveId: forwardId,
      overdue: false,
      escalationLevel: 0,
    });
    expect(linfenNode.children.map((n: { unitCode: string; status: string }) => [n.unitCode, n.status])).toEqual([
      ['141002', 'ACCEPTED'],
      ['141021', 'REPORTED'],
      ['141022', 'DELIVERED'],
    ]);
    expect(tree.body.nodes.find((n: { unitCode: string }) => n.unitCode === '140100')).toMatchObject({
      status: 'DELIVERED',
      children: [],
    });
  });

  it('shows a county only its own node, and the directive it received through a forward read-only (上级来文)', async () => {
    const own = await h.get(`/api/directives/${forwardId}/tree`, ['141002']);
    expect(own.status).toBe(200);
    expect(own.body.nodes.map((n: { unitCode: string }) => n.unitCode)).toEqual(['141002']);
    expect(Object.values(own.body.counts).reduce((a, b) => Number(a) + Number(b), 0)).toBe(1);
    const upstream = await h.get(`/api/directives/${directiveId}`, ['141002']);
    expect(upstream.status).toBe(200);
    expect(upstream.body.docNumber).toBe('晋民函〔2024〕169号');
    const forward = await h.get(`/api/directives/${forwardId}`, ['141002']);
    expect(forward.body.chain.map((link: { directiveId: string }) => link.directiveId)).toEqual([directiveId]);
    // Of the province's tree it sees nothing but itself.
    const tree = await h.get(`/api/directives/${directiveId}/tree`, ['141002']);
    expect(tree.status).toBe(200);
    expect(JSON.stringify(tree.body.nodes)).not.toContain('140100');
  });

  it('exports the 汇总表 as CSV with a BOM, one row per unit, times in Asia/Shanghai', async () => {
    const response = await h.get(`/api/directives/${forwardId}/summary.csv`, linfen);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toContain(encodeURIComponent('临市民函〔2024〕89号-汇总表.csv'));
    const text = response.text;
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['单位', '状态', '签收时间', '报送时间', '是否逾期', '报送内容']);
    expect(rows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['尧都区民政局', '已办结'],
      ['曲沃县民政局', '已报送'],
      ['翼城县民政局', '待签收'],
    ]);
    expect(rows[1][2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(rows[1].slice(4)).toEqual(['否', '尧都区开展主题活动 2 项, 详见 "附件"']);
    expect(rows[2].slice(4)).toEqual(['否', '无（零报告）']);
    expect(rows[3].slice(2)).toEqual(['', '', '否', '']);
  });

  it('exports the 汇总表 as xlsx that exceljs opens', async () => {
    const response = await h.download(`/api/directives/${forwardId}/summary.xlsx`, linfen);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new Workbook();
    await workbook.xlsx.load(response.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('汇总表')!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).values).toEqual([undefined, '单位', '状态', '签收时间', '报送时间', '是否逾期', '报送内容']);
    expect(sheet.getRow(2).getCell(1).value).toBe('尧都区民政局');
    expect(sheet.getRow(3).getCell(6).value).toBe('无（零报告）');
  });

  it('lists escalations once deadlines pass, most overdue first, for a supervisor of the subtree', async () => {
    // 翼城 never acknowledged: P2D after delivery it is escalated (level 1, NOT_ACKNOWLEDGED).
    await env.sleep(3 * DAY);
    const page = await eventually(
      () => h.get('/api/escalations?under=141000&open=true', ['141000', 'supervisor']),
      (r) => r.body.total >= 1,
    );
    expect(page.status).toBe(200);
    expect(page.body.items).toContainEqual(
      expect.objectContaining({
        assignmentId: assignment(forwardId, '141022'),
        directiveId: forwardId,
        unitCode: '141022',
        unitName: '翼城县民政局',
        level: 1,
        reason: 'NOT_ACKNOWLEDGED',
        resolvedAt: null,
        firedAt: expect.stringMatching(/Z$/),
      }),
    );
    const province = await h.get('/api/escalations?under=140000&minLevel=1', ['140000', 'supervisor']);
    expect(province.body.total).toBeGreaterThanOrEqual(page.body.total);
    expect((await h.get('/api/escalations?under=140100', ['141000', 'supervisor'])).status).toBe(403);
    expect(
      (await h.get('/api/escalations?minLevel=2', ['141000', 'supervisor'])).body.items.every(
        (e: { level: number }) => e.level >= 2,
      ),
    ).toBe(true);
  });
});
