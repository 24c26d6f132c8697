import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@cascade/contracts';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const calendar = loadConfiguredCalendar();
const iso = (ms: number) => new Date(ms).toISOString();
const wd = (from: number, n: number) => calendar.addWorkingDays(new Date(from), n).getTime();
/** `2026年12月28日` in Beijing time, as the refusals name dates. */
const chineseDay = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

describe.each(databaseKinds())('who may issue to whom, and deadlines that make sense (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let deadline: number;
  const linfen = ['141000', 'clerk'] as [string, 'clerk'];
  const linfenLeader = ['141000', 'leader'] as [string, 'leader'];
  const yaodu = ['141002', 'clerk'] as [string, 'clerk'];
  const issue = (issuerUnit: string, recipients: string[], as: [string, 'clerk'], when = deadline) =>
    h.post(
      '/api/directives',
      {
        docNumber: `测〔2026〕${Math.floor(Math.random() * 1e6)}号`,
        title: '通知',
        issuerUnit,
        recipients,
        deadline: iso(when),
      },
      as,
    );

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    deadline = wd(await env.currentTimeMs(), 10);
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('refuses a county issuing to the province and the ministry, naming the unit (403)', async () => {
    const response = await issue('141002', ['140000', '000000'], yaodu);
    expect(response.status).toBe(403);
    expect(response.body.message).toBe('山西省民政厅（140000）不是尧都区民政局（141002）的下级单位，也无发文关系');
  });

  it('refuses a city issuing to a peer city (403)', async () => {
    const response = await issue('141000', ['140100'], linfen);
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('太原市民政局（140100）不是临汾市民政局（141000）的下级单位');
  });

  it('lets the province issue anywhere in its subtree, and 省老龄办 to the 老龄委 members it has a relation with', async () => {
    expect((await issue('140000', ['141000', '141002'], ['140000', 'clerk'])).status).toBe(201);
    const office = ['140000M05L', 'clerk'] as [string, 'clerk'];
    const members = await issue('140000M05L', ['140000', '140000M01', '140000M02'], office);
    expect(members.status).toBe(201);
    expect(members.body.assignments.map((a: { unitCode: string }) => a.unitCode)).toEqual([
      '140000',
      '140000M01',
      '140000M02',
    ]);
    // A relation is no licence for units outside it.
    expect((await issue('140000M05L', ['141000'], office)).status).toBe(403);
  });

  it('refuses a directive whose deadline has passed (422 DEADLINE_PAST), before its workflow starts', async () => {
    const past = Date.now() - 24 * 3600_000;
    const response = await issue('141000', ['141002'], linfen, past);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('DEADLINE_PAST');
    expect(response.body.message).toBe(`报送期限 ${chineseDay(past)} 早于当前时间 ${chineseDay(Date.now())}`);
  });

  it('takes urgeInterval in the policy, validated like the other durations', async () => {
    const body = { docNumber: '临市民函〔2026〕9号', title: '通知', issuerUnit: '141000', recipients: ['141002'] };
    const bad = await h.post(
      '/api/directives',
      { ...body, deadline: iso(deadline), policy: { urgeInterval: '半天' } },
      linfen,
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('urgeInterval');
    const good = await h.post(
      '/api/directives',
      { ...body, deadline: iso(deadline), policy: { urgeInterval: 'PT1H' } },
      linfen,
    );
    expect(good.status).toBe(201);
    const read = await h.get(`/api/directives/${good.body.id}`, linfen);
    expect(read.body.policy).toMatchObject({ urgeInterval: 'PT1H' });
  });

  it('says why an existing unit inbox is out of reach instead of calling it unknown (403)', async () => {
    const response = await h.get('/api/units/141000/inbox', yaodu);
    expect(response.status).toBe(403);
    expect(response.body.message).toContain('临汾市民政局（141000）');
    expect((await h.get('/api/units/999999/inbox', yaodu)).status).toBe(404);
  });

  describe('deadlines set down the tree', () => {
    let provinceDirective: string;
    const cityAssignment = () => workflowIds.assignment(provinceDirective, '141000');

    beforeAll(async () => {
      const issued = await issue('140000', ['141000'], ['140000', 'clerk']);
      expect(issued.status).toBe(201);
      provinceDirective = issued.body.id;
    });

    it('refuses a forward later than the unit own deadline (422 DEADLINE_TOO_LATE), naming both dates', async () => {
      const later = deadline + 3 * 24 * 3600_000;
      const response = await h.post(
        `/api/assignments/${cityAssignment()}/forward`,
        { docNumber: '临市民函〔2026〕1号', title: '转发', recipients: ['141002'], deadline: iso(later) },
        linfen,
      );
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({
        code: 'DEADLINE_TOO_LATE',
        message: `转发期限 ${chineseDay(later)} 晚于本单位报送期限 ${chineseDay(deadline)}`,
      });
    });

    it('refuses asking an extension beyond the issuer own deadline, and approves one within it', async () => {
      const forwardDeadline = wd(deadline, -3);
      const forwarded = await h.post(
        `/api/assignments/${cityAssignment()}/forward`,
        { docNumber: '临市民函〔2026〕2号', title: '转发', recipients: ['141002'], deadline: iso(forwardDeadline) },
        linfen,
      );
      expect(forwarded.status).toBe(200);
      const county = workflowIds.assignment(forwarded.body.forward.directiveId, '141002');
      await eventually(
        () => h.get('/api/units/141002/inbox', yaodu),
        (r) => r.body.some((a: { id: string }) => a.id === county),
      );
      const tooFar = deadline + 2 * 24 * 3600_000;
      const asked = await h.post(
        `/api/assignments/${county}/extension-requests`,
        { newDeadline: iso(tooFar), reason: '人手不足' },
        yaodu,
      );
      expect(asked.status).toBe(422);
      expect(asked.body).toMatchObject({
        code: 'DEADLINE_TOO_LATE',
        message: `申请的延期期限 ${chineseDay(tooFar)} 晚于发文单位报送期限 ${chineseDay(deadline)}`,
      });
      const fair = await h.post(
        `/api/assignments/${county}/extension-requests`,
        { newDeadline: iso(wd(deadline, -1)), reason: '人手不足' },
        yaodu,
      );
      expect(fair.status).toBe(200);
      const requestId = fair.body.extensionRequests[0].id as string;
      const approved = await h.post(
        `/api/extension-requests/${encodeURIComponent(requestId)}/approve`,
        {},
        linfenLeader,
      );
      expect(approved.status).toBe(200);
      expect(Date.parse(approved.body.schedule.deadline)).toBe(wd(deadline, -1));
    });

    it('refuses approving an extension that the approver’s own deadline, moved earlier since, no longer covers', async () => {
      const issued = await issue('140000', ['141000'], ['140000', 'clerk']);
      const city = workflowIds.assignment(issued.body.id, '141000');
      await eventually(
        () => h.get('/api/units/141000/inbox', linfen),
        (r) => r.body.some((a: { id: string }) => a.id === city),
      );
      const forwarded = await h.post(
        `/api/assignments/${city}/forward`,
        { docNumber: '临市民函〔2026〕3号', title: '转发', recipients: ['141021'], deadline: iso(wd(deadline, -3)) },
        linfen,
      );
      expect(forwarded.status).toBe(200);
      const county = workflowIds.assignment(forwarded.body.forward.directiveId, '141021');
      const quwo = ['141021', 'clerk'] as [string, 'clerk'];
      await eventually(
        () => h.get('/api/units/141021/inbox', quwo),
        (r) => r.body.some((a: { id: string }) => a.id === county),
      );
      const requested = wd(deadline, -1);
      const asked = await h.post(
        `/api/assignments/${county}/extension-requests`,
        { newDeadline: iso(requested), reason: '人手不足' },
        quwo,
      );
      expect(asked.status).toBe(200);
      const past = await h.post(
        `/api/directives/${issued.body.id}/amend`,
        { note: '时限提前', deadline: iso(Date.now() - 3600_000) },
        ['140000', 'clerk'],
      );
      expect(past.status).toBe(422);
      expect(past.body.code).toBe('DEADLINE_PAST');
      const earlier = wd(deadline, -2);
      const amended = await h.post(
        `/api/directives/${issued.body.id}/amend`,
        { note: '时限提前', deadline: iso(earlier) },
        ['140000', 'clerk'],
      );
      expect(amended.status).toBe(200);
      await eventually(
        () => h.get('/api/units/141000/inbox', linfen),
        (r) =>
          r.body.some((a: { id: string; deadline: string }) => a.id === city && Date.parse(a.deadline) === earlier),
      );
      const requestId = asked.body.extensionRequests[0].id as string;
      const approved = await h.post(
        `/api/extension-requests/${encodeURIComponent(requestId)}/approve`,
        {},
        linfenLeader,
      );
      expect(approved.status).toBe(422);
      expect(approved.body).toMatchObject({
        code: 'DEADLINE_TOO_LATE',
        message: `延期期限 ${chineseDay(requested)} 晚于本单位报送期限 ${chineseDay(earlier)}`,
      });
    });

    it('refuses a return whose new deadline is past (422 DEADLINE_PAST)', async () => {
      const county = workflowIds.assignment(provinceDirective, '141000');
      await h.post(`/api/assignments/${county}/report`, { content: '已完成' }, linfen);
      const response = await h.post(
        `/api/assignments/${county}/return`,
        { reason: '请补充', newDeadline: iso(Date.now() - 3600_000) },
        ['140000', 'clerk'],
      );
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('DEADLINE_PAST');
    });
  });

  it('answers an unknown amendment version 404 and a second withdrawal 409', async () => {
    const issued = await issue('141000', ['141021'], linfen);
    const assignment = workflowIds.assignment(issued.body.id, '141021');
    const quwo = ['141021', 'clerk'] as [string, 'clerk'];
    await eventually(
      () => h.get('/api/units/141021/inbox', quwo),
      (r) => r.body.some((a: { id: string }) => a.id === assignment),
    );
    expect((await h.post(`/api/assignments/${assignment}/amendments/7/acknowledge`, {}, quwo)).status).toBe(404);
    expect((await h.post(`/api/directives/${issued.body.id}/withdraw`, { reason: '误发' }, linfen)).status).toBe(200);
    const again = await eventually(
      () => h.post(`/api/directives/${issued.body.id}/withdraw`, { reason: '再次撤回' }, linfen),
      (r) => r.status !== 200,
    );
    expect(again.status).toBe(409);
  });
});
