import { WorkflowUpdateFailedError } from '@temporalio/client';
import { workflowIds } from '@cascade/contracts';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { eventually, useRunningCascade } from '../../test/support/cascade-harness';
import { clerkOf } from '../../test/support/cascade-client';
import { linfenCounties, provinceRecipients, SEED } from '../../test/support/seed-scenario';
import { rejectionOf } from '../../test/support/update-errors';
import { engineCheckWorkflow } from '../engine-check.workflow';

const calendar = loadConfiguredCalendar();
const wd = (from: number, n: number) => calendar.addWorkingDays(new Date(from), n).getTime();
const TOLERANCE_MS = 5_000;

describe('changes while a cascade runs', () => {
  const run = useRunningCascade('sqlite');
  const query = (sql: string, ...params: unknown[]) => run.harness.dataSource.query(sql, params);
  const delivered = (directiveId: string, n: number) =>
    eventually(
      () => query('SELECT COUNT(*) AS n FROM assignments WHERE directive_id = ?', directiveId),
      (r) => Number(r[0].n) === n,
    );

  /** 民政部 → 山西 → 临汾 → 17 counties, with the deadlines of each level. */
  async function fourLevels(tag: string) {
    const now = await run.env.currentTimeMs();
    const deadlines = { ministry: wd(now, 20), province: wd(now, 15), city: wd(now, 12) };
    const ids = { ministry: `${tag}-56`, province: `${tag}-169`, city: `${tag}-89` };
    await run.cascade.startDirective({
      directiveId: ids.ministry,
      docNumber: SEED.ministry.docNumber,
      title: SEED.ministry.title,
      issuerUnit: '000000',
      recipients: [{ unitCode: '140000', unitName: '山西省民政厅' }],
      deadline: deadlines.ministry,
    });
    await delivered(ids.ministry, 1);
    await run.cascade.forward(ids.ministry, '140000', {
      directiveId: ids.province,
      docNumber: SEED.province.docNumber,
      title: SEED.province.title,
      recipients: provinceRecipients,
      deadline: deadlines.province,
    });
    await run.cascade.forward(ids.province, '141000', {
      directiveId: ids.city,
      docNumber: SEED.city.docNumber,
      title: SEED.city.title,
      recipients: linfenCounties,
      deadline: deadlines.city,
    });
    await delivered(ids.city, 17);
    return { ids, deadlines };
  }

  it('withdraws a 4-level cascade half-way: every descendant ends WITHDRAWN and no timer fires afterwards', async () => {
    const { ids, deadlines } = await fourLevels('withdraw');
    for (const county of linfenCounties.slice(0, 5)) await run.cascade.acknowledge(ids.city, county.unitCode);
    await run.cascade.report(ids.city, linfenCounties[0].unitCode, { content: '已学习' });

    const result = await run.cascade.withdrawDirective(ids.ministry, '000000', '文件内容调整，撤回重发');
    expect(result.withdrawn).toEqual(['140000']);
    const withdrawnAt = await run.env.currentTimeMs();
    const total = 1 + provinceRecipients.length + linfenCounties.length;
    await eventually(
      () =>
        query(
          "SELECT COUNT(*) AS n FROM assignments WHERE root_directive_id = ? AND status = 'WITHDRAWN'",
          ids.ministry,
        ),
      (r) => Number(r[0].n) === total,
    );
    expect((await run.cascade.state(ids.city, linfenCounties[3].unitCode)).status).toBe('WITHDRAWN');

    // Nothing runs any more, and the test server does not skip an idle clock: a sleeping
    // workflow carries the clock past every deadline.
    const skip = wd(deadlines.ministry, 10) - (await run.env.currentTimeMs());
    await run.env.client.workflow.execute(engineCheckWorkflow, {
      workflowId: 'withdraw-clock',
      taskQueue: run.harness.taskQueue,
      args: [{ childSleepMs: skip, token: 'clock' }],
    });
    expect(await run.env.currentTimeMs()).toBeGreaterThan(wd(deadlines.ministry, 5));
    const [{ n: fired }] = await query(
      "SELECT COUNT(*) AS n FROM events WHERE directive_id IN (?, ?, ?) AND type IN ('REMINDER_SENT', 'ESCALATED') AND occurred_at > ?",
      ids.ministry,
      ids.province,
      ids.city,
      withdrawnAt,
    );
    expect(Number(fired)).toBe(0);
    const [{ n: open }] = await query(
      'SELECT COUNT(*) AS n FROM escalations WHERE directive_id IN (?, ?, ?) AND resolved_at IS NULL',
      ids.ministry,
      ids.province,
      ids.city,
    );
    expect(Number(open)).toBe(0);
    const [directive] = await query('SELECT status FROM directives WHERE id = ?', ids.ministry);
    expect(directive.status).toBe('WITHDRAWN');
    // Withdrawn assignments have closed: no operation reaches them (the API answers 409 with the status).
    await expect(
      run.cascade.requestExtension(ids.city, linfenCounties[1].unitCode, wd(deadlines.city, 3), '人手不足'),
    ).rejects.toThrow(/not found/);
  });

  it('an approved extension re-arms reminders and ladder at the new instants; fired steps stay fired', async () => {
    const directiveId = 'extension-89';
    const county = linfenCounties[2];
    const deadline = wd(await run.env.currentTimeMs(), 10);
    await run.cascade.startDirective({
      directiveId,
      docNumber: '临市民函〔2024〕90号',
      title: '延期测试',
      issuerUnit: '141000',
      recipients: [county],
      deadline,
    });
    await delivered(directiveId, 1);
    await run.cascade.acknowledge(directiveId, county.unitCode);
    // Skip past the first reminder (3wd before), then extend by 5 working days.
    await run.env.sleep(wd(deadline, -3) - (await run.env.currentTimeMs()) + 60_000);
    const newDeadline = wd(deadline, 5);
    const requested = await run.cascade.requestExtension(directiveId, county.unitCode, newDeadline, '需与乡镇核实数据');
    const requestId = requested.extensionRequests?.[0].id as string;
    expect(
      await rejectionOf(run.cascade.decideExtension(directiveId, county.unitCode, clerkOf('141000'), requestId, true)),
    ).toMatch('领导审批');
    const approved = await run.cascade.decideExtension(
      directiveId,
      county.unitCode,
      { unitCode: '141000', role: 'leader' },
      requestId,
      true,
    );
    expect(approved.schedule.deadline).toBe(newDeadline);
    expect(approved.firedSteps).toEqual(['remind:3wd']);

    await run.env.sleep(wd(newDeadline, 5) - (await run.env.currentTimeMs()) + 60_000);
    const id = workflowIds.assignment(directiveId, county.unitCode);
    const events = await query(
      "SELECT type, payload, occurred_at FROM events WHERE assignment_id = ? AND type IN ('REMINDER_SENT', 'ESCALATED') ORDER BY occurred_at",
      id,
    );
    const fired = events.map((e: { type: string; payload: string; occurred_at: number }) => [
      JSON.parse(e.payload).key ?? `L${JSON.parse(e.payload).escalation.level}`,
      Number(e.occurred_at),
    ]);
    const expected: Array<[string, number]> = [
      ['remind:3wd', wd(deadline, -3)],
      ['remind:1wd', wd(newDeadline, -1)],
      ['L1', newDeadline],
      ['L2', wd(newDeadline, 2)],
      ['L3', wd(newDeadline, 5)],
    ];
    expect(fired.map(([key]: [string]) => key)).toEqual(expected.map(([key]) => key));
    fired.forEach(([, at]: [string, number], i: number) =>
      expect(Math.abs(at - expected[i][1])).toBeLessThan(TOLERANCE_MS),
    );
    const [request] = await query('SELECT status FROM extension_requests WHERE id = ?', requestId);
    expect(request.status).toBe('APPROVED');
  });

  it('an amendment reaches every level as an amendment of the amended document; forwards keep their own text; a deadline that no longer fits is recomputed', async () => {
    const { ids, deadlines } = await fourLevels('amend');
    const county = linfenCounties[0].unitCode;
    await run.cascade.amendDirective(
      ids.ministry,
      '000000',
      { deadline: wd(deadlines.ministry, -2), body: '补充：请附活动照片' },
      '补充报送要求',
    );

    const province = await eventually(
      () => run.cascade.state(ids.ministry, '140000'),
      (s) => (s.amendments ?? []).length === 1,
    );
    expect(province.amendments?.[0]).toMatchObject({ version: 2, acknowledgedAt: null });
    expect(province.amendments?.[0]).not.toHaveProperty('upstream');
    expect(province.upstreamAmended).toMatchObject({ directiveId: ids.ministry, version: 2 });
    // Below the province, it arrives as the ministry's document, version 2, not as a change of the forwards.
    const ministryDoc = { directiveId: ids.ministry, docNumber: SEED.ministry.docNumber, issuerUnit: '000000' };
    const city = await eventually(
      () => run.cascade.state(ids.province, '141000'),
      (s) => (s.amendments ?? []).length === 1,
    );
    expect(city.amendments?.[0]).toMatchObject({ version: 2, upstream: ministryDoc });
    expect(city.schedule.deadline).toBe(deadlines.province);
    expect(city.upstreamAmended).toMatchObject({ directiveId: ids.ministry, version: 2 });
    const countyState = await eventually(
      () => run.cascade.state(ids.city, county),
      (s) => (s.amendments ?? []).length === 1,
    );
    expect(countyState.amendments?.[0]).toMatchObject({ version: 2, upstream: ministryDoc });
    const [forwardRow] = await query('SELECT body, version FROM directives WHERE id = ?', ids.province);
    expect(forwardRow.body).toBeNull();
    const notice = await eventually(
      () =>
        query(
          "SELECT subject, body FROM notifications WHERE recipient_unit = ? AND kind = 'AMENDMENT' AND event_id LIKE ?",
          county,
          `%${ids.city}%`,
        ),
      (rows) => rows.length === 1,
    );
    expect(notice[0].subject).toBe(`上级来文已修改：${SEED.ministry.docNumber}`);
    expect(notice[0].body).toMatch(/^民政部对/);

    // The province now moves the city's deadline before the city's own forward deadline.
    const earlier = wd(deadlines.province, -5);
    expect(earlier).toBeLessThan(deadlines.city);
    await run.harness.env.client.workflow
      .getHandle(workflowIds.assignment(ids.ministry, '140000'))
      .executeUpdate('amendForward', {
        args: [{ actor: clerkOf('140000'), changes: { deadline: earlier }, note: '时限提前' }],
      });
    const cityAfter = await eventually(
      () => run.cascade.state(ids.province, '141000'),
      (s) => (s.flags ?? []).length === 1,
    );
    expect(cityAfter.amendments).toHaveLength(2);
    expect(cityAfter.schedule.deadline).toBe(earlier);
    expect(cityAfter.forward?.deadline).toBeLessThanOrEqual(earlier);
    expect(cityAfter.forward?.deadline).toBeLessThan(deadlines.city);
    expect(cityAfter.flags?.at(-1)).toMatch('重新计算');

    const countyAfter = await eventually(
      () => run.cascade.state(ids.city, county),
      (s) => (s.amendments ?? []).length === 3,
    );
    expect(countyAfter.schedule.deadline).toBe(cityAfter.forward?.deadline);
    const own = countyAfter.amendments?.find((a) => !a.upstream);
    expect(own?.changes).toEqual({ deadline: cityAfter.forward?.deadline });
    expect(
      countyAfter.amendments
        ?.filter((a) => a.upstream)
        .map((a) => a.upstream?.directiveId)
        .sort(),
    ).toEqual([ids.ministry, ids.province].sort());
    const acknowledged = await run.cascade.acknowledgeAmendment(ids.city, county, own?.version as number);
    expect(acknowledged.amendments?.find((a) => !a.upstream)?.acknowledgedAt).not.toBeNull();
    await run.cascade.acknowledgeAmendment(ids.ministry, '140000', 2);
    await run.cascade.acknowledgeAmendment(ids.province, '141000', 2);

    const versions = await query(
      'SELECT directive_id, version FROM directive_versions WHERE directive_id IN (?, ?, ?) ORDER BY directive_id, version',
      ids.ministry,
      ids.province,
      ids.city,
    );
    expect(
      versions.map((v: { directive_id: string; version: number }) => `${v.directive_id}@${Number(v.version)}`),
    ).toEqual(
      [
        `${ids.province}@1`,
        `${ids.province}@2`,
        `${ids.ministry}@1`,
        `${ids.ministry}@2`,
        `${ids.city}@1`,
        `${ids.city}@2`,
      ].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('throttles manual urges to one per urgeInterval, with a counter', async () => {
    const directiveId = 'urge-89';
    const county = linfenCounties[4];
    await run.cascade.startDirective({
      directiveId,
      docNumber: '临市民函〔2024〕91号',
      title: '催办测试',
      issuerUnit: '141000',
      recipients: [county],
      deadline: wd(await run.env.currentTimeMs(), 10),
    });
    await delivered(directiveId, 1);
    expect((await run.cascade.urge(directiveId, county.unitCode, clerkOf('141000'), '请尽快签收')).urges).toMatchObject(
      { count: 1 },
    );
    const throttled = await run.cascade
      .urge(directiveId, county.unitCode, clerkOf('141000'))
      .catch((error: unknown) => error);
    expect(throttled).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (throttled as WorkflowUpdateFailedError).cause as { type?: string; details?: unknown[] };
    expect(cause.type).toBe('URGE_THROTTLED');
    expect(Number(cause.details?.[0])).toBeGreaterThan(await run.env.currentTimeMs());
    expect(await rejectionOf(run.cascade.urge(directiveId, county.unitCode, clerkOf('141002')))).toMatch(
      '只有发文单位或上级督查人员',
    );
    await run.env.sleep(4 * 3600_000 + 1000);
    expect(
      (await run.cascade.urge(directiveId, county.unitCode, { unitCode: '140000', role: 'supervisor' })).urges,
    ).toMatchObject({ count: 2 });
    const [{ n }] = await query(
      "SELECT COUNT(*) AS n FROM events WHERE assignment_id = ? AND type = 'URGED'",
      workflowIds.assignment(directiveId, county.unitCode),
    );
    expect(Number(n)).toBe(2);
  });

  it('returns a report for revision: the assignment goes back, every version is kept', async () => {
    const directiveId = 'return-89';
    const county = linfenCounties[5];
    const deadline = wd(await run.env.currentTimeMs(), 10);
    await run.cascade.startDirective({
      directiveId,
      docNumber: '临市民函〔2024〕92号',
      title: '退回测试',
      issuerUnit: '141000',
      recipients: [county],
      deadline,
    });
    await delivered(directiveId, 1);
    expect(await rejectionOf(run.cascade.returnReport(directiveId, county.unitCode, '141000', '材料不全'))).toMatch(
      '尚未报送',
    );
    await run.cascade.acknowledge(directiveId, county.unitCode);
    await run.cascade.report(directiveId, county.unitCode, { content: '第一版' });
    expect(
      await rejectionOf(run.cascade.returnReport(directiveId, county.unitCode, county.unitCode, '自己退回')),
    ).toMatch('只有发文单位');
    const returned = await run.cascade.returnReport(
      directiveId,
      county.unitCode,
      '141000',
      '缺少活动照片',
      wd(deadline, 2),
    );
    expect(returned).toMatchObject({ status: 'RETURNED', reportedAt: null });
    expect(returned.schedule.deadline).toBe(wd(deadline, 2));
    const second = await run.cascade.report(directiveId, county.unitCode, { content: '第二版，附照片' });
    expect(second.status).toBe('REPORTED');
    expect(second.reports.map((r) => [r.version, r.status ?? 'SUBMITTED'])).toEqual([
      [1, 'RETURNED'],
      [2, 'SUBMITTED'],
    ]);
    const rows = await query(
      'SELECT version, status FROM reports WHERE assignment_id = ? ORDER BY version',
      workflowIds.assignment(directiveId, county.unitCode),
    );
    expect(rows.map((r: { version: number; status: string }) => [Number(r.version), r.status])).toEqual([
      [1, 'RETURNED'],
      [2, 'SUBMITTED'],
    ]);
  });
});
