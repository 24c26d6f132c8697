import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { type CascadeHarness, createCascadeHarness, eventually } from '../../test/support/cascade-harness';
import { CascadeClient } from '../../test/support/cascade-client';
import { databaseKinds } from '../../test/support/databases';
import { linfenCounties, provinceRecipients, SEED } from '../../test/support/seed-scenario';

const calendar = loadConfiguredCalendar();

describe.each(databaseKinds())('a worker replaced in the middle of the cascade (read model on %s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let harness: CascadeHarness;
  let cascade: CascadeClient;
  const workers: Worker[] = [];
  const directiveId = `restart-169-${kind}`;
  const cityForward = `restart-89-${kind}`;
  const query = (sql: string, ...params: unknown[]) => harness.dataSource.query(sql, params);

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    harness = await createCascadeHarness(env, kind);
    cascade = new CascadeClient(env.client, harness.taskQueue);
  });

  afterAll(async () => {
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await harness?.close();
    await env?.teardown();
  });

  it('finishes the cascade with no duplicated rows, events or escalations', async () => {
    const deadline = calendar.addWorkingDays(new Date(await env.currentTimeMs()), 10).getTime();
    // No sticky cache on the worker that goes away: Temporal's test server never times out a dead
    // worker's sticky queue (a real server does, after stickyQueueScheduleToStartTimeout).
    const first = await harness.createWorker({ maxCachedWorkflows: 0 });
    workers.push(first);
    const firstRun = first.run();
    await cascade.startDirective({
      directiveId,
      docNumber: SEED.province.docNumber,
      title: SEED.province.title,
      issuerUnit: '140000',
      recipients: provinceRecipients,
      deadline,
    });
    await eventually(
      () => query('SELECT COUNT(*) AS n FROM assignments WHERE directive_id = ?', directiveId),
      (r) => Number(r[0].n) === provinceRecipients.length,
    );
    await cascade.acknowledge(directiveId, SEED.city.code);
    const forwarding = cascade.forward(directiveId, SEED.city.code, {
      directiveId: cityForward,
      docNumber: SEED.city.docNumber,
      title: SEED.city.title,
      recipients: linfenCounties,
      deadline: calendar.addWorkingDays(new Date(deadline), -3).getTime(),
    });
    // Stop the worker while the forward's deliveries are still being started and projected.
    await eventually(
      () => query('SELECT COUNT(*) AS n FROM assignments WHERE directive_id = ?', cityForward),
      (r) => Number(r[0].n) >= 1,
      // Without a cache every workflow task of the forward replays its whole history: on a busy
      // machine the first delivery was seen to take over 30 s.
      90_000,
    );
    first.shutdown();
    await firstRun;

    const second = await harness.createWorker();
    workers.push(second);
    await second.runUntil(async () => {
      expect((await forwarding).status).toBe('FORWARDED');
      for (const county of linfenCounties) {
        await cascade.acknowledge(cityForward, county.unitCode);
        if (county.unitCode !== '141082') await cascade.report(cityForward, county.unitCode, { content: '已学习' });
      }
      await env.sleep(calendar.addWorkingDays(new Date(deadline), 6).getTime() - (await env.currentTimeMs()));
      await eventually(
        () => query('SELECT COUNT(*) AS n FROM escalations WHERE directive_id = ?', cityForward),
        (r) => Number(r[0].n) === 3,
      );
    });

    const [{ n: assignments }] = await query(
      'SELECT COUNT(*) AS n FROM assignments WHERE root_directive_id = ?',
      directiveId,
    );
    expect(Number(assignments)).toBe(provinceRecipients.length + linfenCounties.length);
    const perType = await query(
      "SELECT type, COUNT(*) AS n, COUNT(DISTINCT assignment_id) AS units FROM events WHERE directive_id = ? AND type IN ('ASSIGNMENT_DELIVERED', 'ASSIGNMENT_ACKNOWLEDGED', 'REPORT_SUBMITTED', 'ESCALATED') GROUP BY type ORDER BY type",
      cityForward,
    );
    expect(
      perType.map((r: { type: string; n: number; units: number }) => [r.type, Number(r.n), Number(r.units)]),
    ).toEqual([
      ['ASSIGNMENT_ACKNOWLEDGED', 17, 17],
      ['ASSIGNMENT_DELIVERED', 17, 17],
      ['ESCALATED', 3, 1],
      ['REPORT_SUBMITTED', 16, 16],
    ]);
    const [{ n: issued }] = await query(
      "SELECT COUNT(*) AS n FROM events WHERE type = 'DIRECTIVE_ISSUED' AND directive_id IN (?, ?)",
      directiveId,
      cityForward,
    );
    expect(Number(issued)).toBe(2);
    const [{ n: notified }] = await query(
      "SELECT COUNT(*) AS n FROM notifications WHERE event_id IN (SELECT id FROM events WHERE directive_id = ? AND type = 'ASSIGNMENT_DELIVERED')",
      cityForward,
    );
    expect(Number(notified)).toBe(17);
  }, 180_000);
});
