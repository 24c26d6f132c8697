import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { type Actor, type AssignmentState, rescheduleUpdate, workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment, locateDevServer } from '@cascade/temporal';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { type CascadeHarness, createCascadeHarness, eventually } from '../../test/support/cascade-harness';
import { CascadeClient, clerkOf } from '../../test/support/cascade-client';
import { recordingHistories, saveHistories } from '../../test/support/histories';

/**
 * Short scenarios that together run every handler of the cascade workflows, including a
 * continue-as-new. With RECORD_HISTORIES=1 they write the baseline histories the replay test
 * (replay.workflow.spec.ts) checks every later change of the workflow code against.
 */

const calendar = loadConfiguredCalendar();
const wd = (from: number, n: number) => calendar.addWorkingDays(new Date(from), n).getTime();
const system: Actor = { unitCode: '000000', role: 'system' };
const city = { unitCode: '141000', unitName: '临汾市民政局' };
const kept = { unitCode: '141002', unitName: '尧都区民政局' };
const dropped = { unitCode: '141021', unitName: '曲沃县民政局' };

/** The same timers half an hour later: a calendar update, with the report deadline kept. */
const shifted = (state: AssignmentState) => ({
  ...state.schedule,
  reminders: state.schedule.reminders.map((r) => ({ ...r, at: r.at + 1_800_000 })),
  ladder: state.schedule.ladder.map((l) => ({ ...l, at: l.at + 1_800_000 })),
});

interface Running {
  env: TestWorkflowEnvironment;
  harness: CascadeHarness;
  cascade: CascadeClient;
  worker: Worker;
  run: Promise<void>;
}

async function start(env: TestWorkflowEnvironment): Promise<Running> {
  const harness = await createCascadeHarness(env, 'sqlite');
  const worker = await harness.createWorker();
  return { env, harness, worker, run: worker.run(), cascade: new CascadeClient(env.client, harness.taskQueue) };
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running) return;
  running.worker.shutdown();
  await running.run;
  await running.harness.close();
  await running.env.teardown();
}

describe('baseline scenarios: every handler of the cascade workflows', () => {
  let running: Running | undefined;
  afterAll(() => stop(running));

  it('province → city → two counties: urge, extension, forward, timers, amendments, withdrawal, reschedule, report, return, accept', async () => {
    running = await start(await createTimeSkippingEnvironment());
    const { env, cascade, harness } = running;
    const assignments = (directiveId: string) =>
      harness.dataSource.query('SELECT unit_code, status FROM assignments WHERE directive_id = ?', [directiveId]);
    const deadline = wd(await env.currentTimeMs(), 15);
    const province = 'baseline-169';
    const forward = 'baseline-89';

    await cascade.startDirective({
      directiveId: province,
      docNumber: '晋民函〔2026〕1号',
      title: '基线通知',
      issuerUnit: '140000',
      recipients: [city],
      deadline,
    });
    await eventually(
      () => assignments(province),
      (rows) => rows.length === 1,
    );
    expect((await cascade.urge(province, city.unitCode, clerkOf('140000'), '请尽快签收')).urges?.count).toBe(1);
    const requested = await cascade.requestExtension(province, city.unitCode, wd(deadline, 3), '需与区县核实');
    const approved = await cascade.decideExtension(
      province,
      city.unitCode,
      { unitCode: '140000', role: 'leader' },
      requested.extensionRequests?.[0].id as string,
      true,
    );
    expect(approved.schedule.deadline).toBe(wd(deadline, 3));

    const forwarded = await cascade.forward(province, city.unitCode, {
      directiveId: forward,
      docNumber: '临市民函〔2026〕1号',
      title: '转发基线通知',
      recipients: [kept, dropped],
      deadline: wd(deadline, -3),
    });
    expect(forwarded.status).toBe('FORWARDED');
    await eventually(
      () => assignments(forward),
      (rows) => rows.length === 2,
    );
    // Past the counties' acknowledgement deadline: the acknowledgement check escalates both.
    await env.sleep(wd(await env.currentTimeMs(), 2) - (await env.currentTimeMs()));
    expect((await cascade.state(forward, kept.unitCode)).escalations).toEqual([
      expect.objectContaining({ level: 1, reason: 'NOT_ACKNOWLEDGED' }),
    ]);
    await cascade.acknowledge(forward, kept.unitCode);

    await cascade.amendDirective(province, '140000', { body: '补充：附活动照片' }, '补充报送要求');
    const amended = await eventually(
      () => cascade.state(forward, kept.unitCode),
      (s) => (s.amendments ?? []).length === 1,
    );
    // The county reads it as the province's document; the city, which received it, acknowledges it.
    expect(amended.amendments?.[0].upstream).toMatchObject({ directiveId: province });
    await cascade.acknowledgeAmendment(province, city.unitCode, 2);
    const cityHandle = env.client.workflow.getHandle(workflowIds.assignment(province, city.unitCode));
    expect(
      await cityHandle.executeUpdate('amendForward', {
        args: [{ actor: clerkOf(city.unitCode), changes: { title: '转发基线通知（更正）' }, note: '更正标题' }],
      }),
    ).toEqual({ version: 2 });
    await eventually(
      () => cascade.state(forward, kept.unitCode),
      (s) => (s.amendments ?? []).some((a) => !a.upstream),
    );
    await cascade.acknowledgeAmendment(forward, kept.unitCode, 2);
    expect(
      await cityHandle.executeUpdate('withdrawForward', {
        args: [{ actor: clerkOf(city.unitCode), reason: '不属于该县', units: [dropped.unitCode] }],
      }),
    ).toEqual({ withdrawn: [dropped.unitCode] });
    await eventually(
      () => cascade.state(forward, dropped.unitCode).catch(() => null),
      (s) => s === null || s.status === 'WITHDRAWN',
    );

    const county = env.client.workflow.getHandle(workflowIds.assignment(forward, kept.unitCode));
    const rescheduled = await county.executeUpdate(rescheduleUpdate, {
      args: [{ actor: system, schedule: shifted(await cascade.state(forward, kept.unitCode)) }],
    });
    expect(rescheduled.schedule.reminders[0].at).toBe(amended.schedule.reminders[0].at + 1_800_000);
    await cascade.report(forward, kept.unitCode, { content: '已学习' });
    await cascade.accept(forward, kept.unitCode, city.unitCode);

    await cascade.report(province, city.unitCode, { content: '第一版' });
    expect(
      (await cascade.returnReport(province, city.unitCode, '140000', '缺少区县汇总', wd(deadline, 5))).status,
    ).toBe('RETURNED');
    expect(
      (await cascade.report(province, city.unitCode, { content: '第二版' })).reports.map((r) => r.version),
    ).toEqual([1, 2]);
    expect((await cascade.accept(province, city.unitCode, '140000')).status).toBe('ACCEPTED');
    expect((await env.client.workflow.getHandle(workflowIds.directive(province)).result()).completed).toBe(true);

    const withdrawn = 'baseline-170';
    await cascade.startDirective({
      directiveId: withdrawn,
      docNumber: '晋民函〔2026〕2号',
      title: '撤回的通知',
      issuerUnit: '140000',
      recipients: [city],
      deadline,
    });
    await eventually(
      () => assignments(withdrawn),
      (rows) => rows.length === 1,
    );
    expect(await cascade.withdrawDirective(withdrawn, '140000', '重复发文')).toEqual({ withdrawn: [city.unitCode] });
    await env.client.workflow.getHandle(workflowIds.directive(withdrawn)).result();

    if (recordingHistories) {
      await saveHistories(env.client, {
        'baseline-directive': workflowIds.directive(province),
        'baseline-city': workflowIds.assignment(province, city.unitCode),
        'baseline-county-accepted': workflowIds.assignment(forward, kept.unitCode),
        'baseline-county-withdrawn': workflowIds.assignment(forward, dropped.unitCode),
        'baseline-directive-withdrawn': workflowIds.directive(withdrawn),
      });
    }
  });

  it('continues as new when the engine suggests it, and the next run carries the state on', async () => {
    await stop(running);
    running = undefined;
    // A real dev server told to suggest continue-as-new after a few dozen history events.
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: locateDevServer().executable,
        ui: false,
        extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40'],
      },
    });
    running = await start(env);
    const { cascade } = running;
    const directiveId = 'baseline-171';
    await cascade.startDirective({
      directiveId,
      docNumber: '晋民函〔2026〕3号',
      title: '长流程通知',
      issuerUnit: '140000',
      recipients: [city],
      deadline: wd(Date.now(), 15),
    });
    const county = env.client.workflow.getHandle(workflowIds.assignment(directiveId, city.unitCode));
    await eventually(
      () => county.describe().catch(() => null),
      (described) => described !== null,
    );
    const firstRun = (await county.describe()).runId;
    for (let i = 0; i < 12 && (await county.describe()).runId === firstRun; i++) {
      const state = await cascade.state(directiveId, city.unitCode);
      await county.executeUpdate(rescheduleUpdate, { args: [{ actor: system, schedule: shifted(state) }] });
    }
    expect((await county.describe()).runId).not.toBe(firstRun);
    await cascade.acknowledge(directiveId, city.unitCode);
    const reported = await cascade.report(directiveId, city.unitCode, { content: '已学习' });
    expect(reported).toMatchObject({ status: 'REPORTED', acknowledgedAt: expect.any(Number) });
    expect(reported.firedSteps).toEqual([]);
    await cascade.accept(directiveId, city.unitCode, '140000');
    await env.client.workflow.getHandle(workflowIds.directive(directiveId)).result();

    if (recordingHistories) {
      await saveHistories(
        env.client,
        { 'baseline-continued-first-run': workflowIds.assignment(directiveId, city.unitCode) },
        { [workflowIds.assignment(directiveId, city.unitCode)]: firstRun },
      );
      await saveHistories(env.client, {
        'baseline-continued-last-run': workflowIds.assignment(directiveId, city.unitCode),
      });
    }
  });
});
