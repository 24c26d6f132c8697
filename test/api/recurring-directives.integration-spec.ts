import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ScheduleNotFoundError } from '@temporalio/client';
import { recurrenceIds } from '@cascade/contracts';
import { periodAt } from '@cascade/domain';
import { createDevServerEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness, useApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const DAY = 24 * 3_600_000;
const province = ['140000', 'clerk'] as [string, 'clerk'];
const linfen = ['141000', 'clerk'] as [string, 'clerk'];
const taiyuan = ['140100', 'clerk'] as [string, 'clerk'];
const form = { fields: [{ key: 'activities', label: '主题活动数', type: 'integer', unit: '次', min: 0 }] };
const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of the month `back` months before the current one in Asia/Shanghai, `YYYY-MM-DD`. */
function monthStart(back: number): { iso: string; at: number } {
  const shanghai = new Date(Date.now() + 8 * 3_600_000);
  const index = shanghai.getUTCFullYear() * 12 + shanghai.getUTCMonth() - back;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const iso = `${year}-${pad(month)}-01`;
  return { iso, at: Date.parse(`${iso}T00:00:00+08:00`) };
}

interface PeriodsAnswer {
  schedule: { exists: boolean; paused: boolean; nextActionTimes: string[] };
  due: string;
  periods: Array<{
    key: string;
    label: string;
    directiveId: string;
    units: number;
    reportedUnits: number;
    quotaMetUnits: number;
    deadline: string;
    recipients: Array<{ unitCode: string; quotas: Array<{ required: number; reported: number; met: boolean }> }>;
  }>;
}

// Schedules need the real dev server: Temporal's time-skipping test server answers CreateSchedule
// with UNIMPLEMENTED (docs/architecture.md).
// One database is enough for the engine's part (the read model's queries are covered elsewhere on both).
const kind = databaseKinds().at(-1)!;

describe(`recurring directives on Temporal Schedules (dev server, ${kind})`, () => {
  let env: TestWorkflowEnvironment;
  let api: ApiHarness;
  let seriesId: string;
  const previous = monthStart(1);

  beforeAll(async () => {
    env = await createDevServerEnvironment();
    api = await createApiHarness(env, kind);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await env?.teardown();
  });

  const periods = async (as = province) => {
    const response = await api.get(`/api/directives/${seriesId}/periods`, as);
    // The series reaches the read model a moment after the answer to its issue.
    return (response.status === 200 ? response.body : { periods: [] }) as PeriodsAnswer;
  };
  const issue = (recurrence: object) =>
    api.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2026〕30号',
        title: '关于按月报送银龄行动开展情况的通知',
        issuerUnit: '140000',
        recipients: ['141000', '140100'],
        deadline: new Date(Date.now() + 30 * DAY).toISOString(),
        form,
        recurrence,
        // The quota reminder urges at the period's start; a 催办 by hand follows within the test.
        policy: { urgeInterval: 'PT1S' },
      },
      province,
    );

  it('refuses a recurrence whose quota names no numeric field, in Chinese, with 422', async () => {
    const response = await issue({
      frequency: 'monthly',
      due: { kind: 'dayOfMonth', month: 1, day: 15 },
      start: previous.iso,
      quotas: [{ field: 'teams', min: 1 }],
    });
    expect(response.status).toBe(422);
    expect(response.body.message).toBe('周期设置有误：指标“teams”须为填报表中的数值字段');
    expect(response.body.fields).toEqual([
      { field: 'recurrence.quotas[0].field', message: '指标“teams”须为填报表中的数值字段' },
    ]);
    // The shape of the rule is the DTO's (400 naming the fields); what it means is the domain's (422).
    const bad = await issue({ frequency: 'weekly', due: { kind: 'days', count: 0 }, start: '2026-13-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'recurrence.due.count',
      'recurrence.frequency',
    ]);
    const impossible = await issue({ frequency: 'monthly', due: { kind: 'dayOfMonth', day: 15 }, start: '2026-02-30' });
    expect(impossible.status).toBe(422);
    expect(impossible.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'recurrence.due.month',
      'recurrence.start',
    ]);
  });

  it('issues the series and its schedule, which starts the period under way at once', async () => {
    const response = await issue({
      frequency: 'monthly',
      // 45 days after the month: every period since last month still has time to report.
      due: { kind: 'days', count: 45 },
      start: previous.iso,
      quotas: [{ field: 'activities', min: 1 }],
      // Far before the period's end, so the quota check runs as soon as the period starts.
      quotaReminderWorkingDays: 60,
    });
    expect(response.status).toBe(201);
    expect(response.body.assignments).toEqual([]);
    seriesId = response.body.id;

    const current = periodAt({ frequency: 'monthly' }, Date.now());
    const answer = await eventually(periods, (a) => a.periods.length === 1 && a.periods[0]!.units === 2, 60_000);
    expect(answer.due).toBe('月后45日内');
    expect(answer.schedule).toMatchObject({ exists: true, paused: false });
    expect(answer.schedule.nextActionTimes[0]).toMatch(/-01T00:00:00.000Z$/);
    const [period] = answer.periods;
    expect(period).toMatchObject({ key: current.key, label: current.label, directiveId: `${seriesId}.${current.key}` });
    expect(period!.recipients[0]!.quotas).toEqual([
      { field: 'activities', label: '主题活动数', required: 1, reported: 0, met: false },
    ]);

    // The period is a directive of its own, which its recipients see with its deadline and period.
    const detail = await api.get(`/api/directives/${period!.directiveId}`, linfen);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ seriesDirectiveId: seriesId, periodLabel: current.label });
    expect(detail.body.title).toBe(`关于按月报送银龄行动开展情况的通知（${current.label}）`);
  });

  it('urges each recipient below its quota once, through the 催办 path', async () => {
    const current = periodAt({ frequency: 'monthly' }, Date.now());
    const events = await eventually(
      async () =>
        (await api.get(`/api/directives/${seriesId}.${current.key}/events`, province)).body as Array<{
          type: string;
          payload?: { note?: string };
        }>,
      (list) => Array.isArray(list) && list.filter((e) => e.type === 'URGED').length === 2,
      60_000,
    );
    const urged = events.filter((e) => e.type === 'URGED');
    expect(JSON.stringify(urged)).toContain('本期指标未达到：主题活动数 0/1');
  });

  it('a unit that reported below its quota is urged for it, 未达标; one that meets it is not', async () => {
    const directiveId = `${seriesId}.${periodAt({ frequency: 'monthly' }, Date.now()).key}`;
    const report = async (unit: [string, 'clerk'], activities: number) => {
      const id = `assignment:${directiveId}:${unit[0]}`;
      expect((await api.post(`/api/assignments/${id}/acknowledge`, {}, unit)).status).toBe(200);
      return api.post(`/api/assignments/${id}/report`, { content: '', values: { activities } }, unit);
    };
    expect((await report(linfen, 0)).status).toBe(200);
    expect((await report(taiyuan, 1)).status).toBe(200);
    const answer = await eventually(
      periods,
      (a) => a.periods.find((p) => p.directiveId === directiveId)?.reportedUnits === 2,
      30_000,
    );
    expect(answer.periods.find((p) => p.directiveId === directiveId)!.quotaMetUnits).toBe(1);

    // The quota reminder may have urged a moment ago: 催办 waits urgeInterval (1 s here).
    const urge = (unitCode: string) =>
      eventually(
        () => api.post(`/api/assignments/assignment:${directiveId}:${unitCode}/urge`, { note: '请补报' }, province),
        (r) => r.status !== 429,
        10_000,
      );
    const urged = await urge('141000');
    expect(urged.status).toBe(200);
    expect(urged.body.status).toBe('REPORTED');
    const met = await urge('140100');
    expect(met.status).toBe(409);
    expect(met.body).toMatchObject({ code: 'ALREADY_REPORTED', message: '该单位已报送，无需催办' });
    const note = '本期指标未达到：主题活动数 0/1；请在本期结束前完成并报送。请补报';
    const urgedByHand = (list: Array<{ type: string; assignmentId: string; detail: string | null }>) =>
      list.filter((e) => e.type === 'URGED' && e.detail === note);
    const events = await eventually(
      async () => (await api.get(`/api/directives/${directiveId}/events`, province)).body,
      (list) => Array.isArray(list) && urgedByHand(list).length > 0,
      30_000,
    );
    expect(urgedByHand(events).map((e) => e.assignmentId)).toEqual([`assignment:${directiveId}:141000`]);
  });

  it('starts one cascade per period: a repeated action for a period starts nothing twice', async () => {
    const handle = env.client.schedule.getHandle(recurrenceIds.schedule(seriesId));
    // 立即发起本期 by the issuer: the schedule's action runs now; the period under way has started already.
    expect((await api.post(`/api/directives/${seriesId}/schedule/run`, {}, linfen)).status).toBe(404);
    const run = await api.post(`/api/directives/${seriesId}/schedule/run`, {}, province);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ directiveId: seriesId, exists: true, paused: false });
    // A missed period (last month's) run by backfill, as the engine's catch-up would.
    await handle.backfill({ start: new Date(previous.at), end: new Date(previous.at + DAY / 2), overlap: 'ALLOW_ALL' });
    const answer = await eventually(
      periods,
      (a) => a.periods.length === 2 && a.periods.every((p) => p.units === 2),
      60_000,
    );
    expect(answer.periods.map((p) => p.key)).toEqual([
      periodAt({ frequency: 'monthly' }, previous.at).key,
      periodAt({ frequency: 'monthly' }, Date.now()).key,
    ]);
    const described = await eventually(
      () => handle.describe(),
      (d) => d.info.numActionsTaken >= 3,
      30_000,
    );
    const outcomes = await Promise.all(
      described.info.recentActions.map((a) =>
        env.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId).result(),
      ),
    );
    expect(outcomes.filter((o: { started: boolean }) => o.started)).toHaveLength(2);
  });

  it('pauses and resumes for the issuer only', async () => {
    expect((await api.post(`/api/directives/${seriesId}/schedule/pause`, { note: '春节暂停' }, linfen)).status).toBe(
      404,
    );
    const paused = await api.post(`/api/directives/${seriesId}/schedule/pause`, { note: '春节暂停' }, province);
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ paused: true, note: '春节暂停' });
    expect((await periods()).schedule.paused).toBe(true);
    const resumed = await api.post(`/api/directives/${seriesId}/schedule/resume`, {}, province);
    expect(resumed.body).toMatchObject({ paused: false });
  });

  it('更正 of the series changes the periods to come (the schedule starts them from it), not its deadline', async () => {
    const refused = await api.post(
      `/api/directives/${seriesId}/amend`,
      { deadline: new Date(Date.now() + 40 * DAY).toISOString(), note: '延期' },
      province,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('报送期限由周期规则确定');
    const amended = await api.post(
      `/api/directives/${seriesId}/amend`,
      { title: '关于按月报送银龄行动和敬老月活动开展情况的通知', note: '增加敬老月活动' },
      province,
    );
    expect(amended.status).toBe(200);
    expect(amended.body).toEqual({ version: 2 });
    const described = await env.client.schedule.getHandle(recurrenceIds.schedule(seriesId)).describe();
    const template = (described.action as { args?: Array<{ title: string; recurrence: object }> }).args?.[0];
    expect(template?.title).toBe('关于按月报送银龄行动和敬老月活动开展情况的通知');
    expect(template?.recurrence).toMatchObject({ frequency: 'monthly' });
    const shown = await eventually(
      async () => (await api.get(`/api/directives/${seriesId}`, province)).body as { title: string; version: number },
      (d) => d.version === 2,
    );
    expect(shown.title).toBe('关于按月报送银龄行动和敬老月活动开展情况的通知');
    // The periods already started keep their title.
    const first = (await periods()).periods[0]!;
    const period = await api.get(`/api/directives/${first.directiveId}`, province);
    expect(period.body.title).toBe(`关于按月报送银龄行动开展情况的通知（${first.label}）`);
  });

  it('withdrawing the directive deletes its schedule; its periods go on', async () => {
    const response = await api.post(`/api/directives/${seriesId}/withdraw`, { reason: '改为季报' }, province);
    expect(response.status).toBe(200);
    await expect(env.client.schedule.getHandle(recurrenceIds.schedule(seriesId)).describe()).rejects.toThrow(
      ScheduleNotFoundError,
    );
    const answer = await periods();
    expect(answer.schedule.exists).toBe(false);
    expect(answer.periods).toHaveLength(2);
    const series = await eventually(
      async () => (await api.get(`/api/directives/${seriesId}`, province)).body as { status: string },
      (d) => d.status === 'WITHDRAWN',
    );
    expect(series.status).toBe('WITHDRAWN');
    const again = await api.post(`/api/directives/${seriesId}/schedule/resume`, {}, province);
    expect(again.status).toBe(409);
    const run = await api.post(`/api/directives/${seriesId}/schedule/run`, {}, province);
    expect(run.status).toBe(409);
    expect(run.body.message).toContain('已撤回');
  });
});

describe(`recurring directives on Temporal's time-skipping test server (${kind})`, () => {
  const api = useApiHarness(kind);

  it('answers 503 SCHEDULES_UNSUPPORTED: that server does not implement schedules', async () => {
    const response = await api.harness.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2026〕31号',
        title: '关于按年报送银龄行动开展情况的通知',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: new Date(Date.now() + 30 * DAY).toISOString(),
        form,
        recurrence: { frequency: 'yearly', due: { kind: 'dayOfMonth', month: 1, day: 10 }, start: '2026-01-01' },
      },
      province,
    );
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      code: 'SCHEDULES_UNSUPPORTED',
      message: '工作流引擎不支持定时计划（Temporal Schedules），暂不能发布周期性公文',
    });
    // Nothing half-issued: no series was recorded.
    const listed = await api.harness.get('/api/directives?q=31号', province);
    expect(listed.body.total).toBe(0);
  });
});
