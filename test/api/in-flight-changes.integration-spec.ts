import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { chineseDaysYears } from '../../libs/domain/src/calendar/chinese-days-data';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const calendar = loadConfiguredCalendar();
const iso = (ms: number) => new Date(ms).toISOString();
const wd = (from: number, n: number) => calendar.addWorkingDays(new Date(from), n).getTime();

describe.each(databaseKinds())('changes while a cascade runs, over HTTP (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let deadline: number;
  let directiveId: string;
  const linfen = ['141000', 'clerk'] as [string, 'clerk'];
  const linfenLeader = ['141000', 'leader'] as [string, 'leader'];
  const yaodu = ['141002', 'clerk'] as [string, 'clerk'];
  const provinceSupervisor = ['140000', 'supervisor'] as [string, 'supervisor'];
  const id = (unit: string) => workflowIds.assignment(directiveId, unit);

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    deadline = wd(await env.currentTimeMs(), 10);
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '临市民函〔2024〕89号',
        title: '关于开展“银龄行动”主题活动的通知',
        issuerUnit: '141000',
        recipients: ['141002', '141021', '141022'],
        deadline: iso(deadline),
      },
      linfen,
    );
    expect(issued.status).toBe(201);
    directiveId = issued.body.id;
    await eventually(
      () => h.get('/api/units/141002/inbox', yaodu),
      (r) => r.body.length === 1,
    );
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('urges once, then answers 429 with the next allowed time; a county may not urge', async () => {
    const first = await h.post(`/api/assignments/${id('141002')}/urge`, { note: '请尽快签收' }, linfen);
    expect(first.status).toBe(200);
    expect(first.body.urges).toMatchObject({ count: 1 });
    const again = await h.post(`/api/assignments/${id('141002')}/urge`, {}, provinceSupervisor);
    expect(again.status).toBe(429);
    expect(again.body.message).toMatch('催办过于频繁');
    expect(Date.parse(again.body.nextAllowedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect((await h.post(`/api/assignments/${id('141021')}/urge`, {}, yaodu)).status).toBe(404);
  });

  it('takes an extension request from the unit and lets only a leader of the issuer approve it', async () => {
    await h.post(`/api/assignments/${id('141002')}/acknowledge`, {}, yaodu);
    const requested = await h.post(
      `/api/assignments/${id('141002')}/extension-requests`,
      { newDeadline: iso(wd(deadline, 3)), reason: '需核实乡镇数据' },
      yaodu,
    );
    expect(requested.status).toBe(200);
    // Instants leave the API as ISO 8601 strings, never epoch milliseconds.
    expect(requested.body.extensionRequests[0]).toMatchObject({
      requestedDeadline: new Date(wd(deadline, 3)).toISOString(),
      requestedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
      decidedAt: null,
    });
    const requestId = requested.body.extensionRequests[0].id as string;
    expect(
      (
        await h.post(
          `/api/assignments/${id('141002')}/extension-requests`,
          { newDeadline: 'tomorrow', reason: 'x' },
          yaodu,
        )
      ).status,
    ).toBe(400);
    expect((await h.post(`/api/extension-requests/${encodeURIComponent(requestId)}/approve`, {}, linfen)).status).toBe(
      403,
    );
    expect((await h.post(`/api/extension-requests/no-such/approve`, {}, linfenLeader)).status).toBe(404);
    const approved = await h.post(
      `/api/extension-requests/${encodeURIComponent(requestId)}/approve`,
      { note: '同意' },
      linfenLeader,
    );
    expect(approved.status).toBe(200);
    expect(approved.body.schedule.deadline).toBe(iso(wd(deadline, 3)));
    expect(
      (await h.post(`/api/extension-requests/${encodeURIComponent(requestId)}/reject`, {}, linfenLeader)).status,
    ).toBe(409);
  });

  it('returns a report for revision with 409 when there is nothing to return', async () => {
    expect((await h.post(`/api/assignments/${id('141002')}/return`, { reason: '缺材料' }, linfen)).status).toBe(409);
    await h.post(`/api/assignments/${id('141002')}/report`, { content: '第一版' }, yaodu);
    const returned = await h.post(`/api/assignments/${id('141002')}/return`, { reason: '缺少活动照片' }, linfen);
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('RETURNED');
  });

  it('amends the directive: the units receive version 2 and acknowledge it', async () => {
    const amended = await h.post(
      `/api/directives/${directiveId}/amend`,
      { note: '补充：附活动照片', body: '请附照片' },
      linfen,
    );
    expect(amended.status).toBe(200);
    expect(amended.body).toEqual({ version: 2 });
    expect((await h.post(`/api/directives/${directiveId}/amend`, { note: '越权' }, yaodu)).status).toBe(403);
    await eventually(
      () => h.post(`/api/assignments/${id('141021')}/amendments/2/acknowledge`, {}, ['141021', 'clerk']),
      (r) => r.status === 200,
    );
  });

  it('withdraws one recipient, then the rest; withdrawn assignments answer 409', async () => {
    const one = await h.post(`/api/directives/${directiveId}/withdraw`, { reason: '误发', units: ['141022'] }, linfen);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ withdrawn: ['141022'] });
    await eventually(
      () => h.get(`/api/directives/${directiveId}/tree`, linfen),
      (r) => r.body.counts?.WITHDRAWN === 1,
    );
    const rest = await h.post(`/api/directives/${directiveId}/withdraw`, { reason: '整体撤回' }, linfen);
    expect(rest.body.withdrawn.sort()).toEqual(['141002', '141021']);
    const tree = await eventually(
      () => h.get(`/api/directives/${directiveId}/tree`, linfen),
      (r) => r.body.counts?.WITHDRAWN === 3,
    );
    expect(tree.body.counts.WITHDRAWN).toBe(3);
    // Withdrawing again is a state conflict, not an unknown directive.
    const again = await h.post(`/api/directives/${directiveId}/withdraw`, { reason: '再次撤回' }, linfen);
    expect({ status: again.status, message: again.body.message }).toEqual({ status: 409, message: expect.any(String) });
    const late = await eventually(
      () => h.post(`/api/assignments/${id('141002')}/report`, { content: '迟到的报送' }, yaodu),
      (r) => r.status !== 200,
    );
    expect(late.status).toBe(409);
  });

  it('loads a calendar year as admin only', async () => {
    const body = { holidays: ['2031-01-01'], workdays: [] };
    expect((await h.post('/api/calendar/years/2031', body, linfen)).status).toBe(403);
    expect(
      (await h.post('/api/calendar/years/2031', { holidays: ['tomorrow'], workdays: [] }, ['000000', 'admin'])).status,
    ).toBe(400);
    // An impossible date breaks the document's format (400); a date of another year or a day both
    // holiday and workday breaks a calendar rule (422).
    const impossible = await h.post('/api/calendar/years/2031', { holidays: ['2031-02-30'], workdays: [] }, [
      '000000',
      'admin',
    ]);
    expect({
      status: impossible.status,
      code: impossible.body.code,
      field: impossible.body.fields?.[0]?.field,
    }).toEqual({ status: 400, code: 'VALIDATION_FAILED', field: 'holidays' });
    for (const wrong of [
      { holidays: ['2030-12-31'], workdays: [] },
      { holidays: ['2031-01-01'], workdays: ['2031-01-01'] },
    ]) {
      const refused = await h.post('/api/calendar/years/2031', wrong, ['000000', 'admin']);
      expect({ status: refused.status, message: refused.body.message }).toEqual({
        status: 422,
        message: expect.stringContaining('2031'),
      });
    }
    const loaded = await h.post('/api/calendar/years/2031', body, ['000000', 'admin']);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ year: 2031, moved: [] });
  });

  it('moves the working-day timers of a running assignment when a new holiday falls on them', async () => {
    const now = await env.currentTimeMs();
    const due = wd(now, 10);
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '临市民函〔2024〕93号',
        title: '日历测试',
        issuerUnit: '141000',
        recipients: ['141021'],
        deadline: iso(due),
      },
      linfen,
    );
    const assignmentId = issued.body.assignments[0].id as string;
    await eventually(
      () => h.get('/api/units/141021/inbox', ['141021', 'clerk']),
      (r) => r.body.some((a: { id: string }) => a.id === assignmentId),
    );
    // A new holiday on the day of the 1wd reminder moves that reminder one working day earlier.
    const reminderDay = new Date(wd(due, -1) + 8 * 3600_000).toISOString().slice(0, 10);
    const year = Number(reminderDay.slice(0, 4));
    const known = chineseDaysYears().find((y) => y.year === year) ?? { year, holidays: [], workdays: [] };
    const loaded = await h.post(
      `/api/calendar/years/${year}`,
      { holidays: [...known.holidays, reminderDay], workdays: known.workdays },
      ['000000', 'admin'],
    );
    expect(loaded.status).toBe(200);
    const moved = loaded.body.moved.find((m: { assignmentId: string }) => m.assignmentId === assignmentId);
    expect(moved.before.reminders).toContain(new Date(wd(due, -1)).toISOString());
    expect(moved.after.reminders).not.toContain(new Date(wd(due, -1)).toISOString());
    const state = await h.cascade.env.client.workflow.getHandle(assignmentId).query('assignmentState');
    expect(
      (state as { schedule: { deadline: number; reminders: Array<{ at: number }> } }).schedule.reminders.map((r) =>
        new Date(r.at).toISOString(),
      ),
    ).toEqual(moved.after.reminders);
  });
});
