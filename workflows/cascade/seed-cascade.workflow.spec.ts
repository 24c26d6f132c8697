import { workflowIds } from '@cascade/contracts';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { eventually, useRunningCascade } from '../../test/support/cascade-harness';
import { databaseKinds } from '../../test/support/databases';
import { linfenCounties, provinceRecipients, SEED, seedDeadlines } from '../../test/support/seed-scenario';

const calendar = loadConfiguredCalendar();

describe.each(databaseKinds())('the seed cascade 民函56号 → 晋民函169号 → 临市民函89号 (read model on %s)', (kind) => {
  const run = useRunningCascade(kind);
  let deadlines: ReturnType<typeof seedDeadlines>;
  const ministryDirective = `seed-56-${kind}`;
  const provinceForward = `seed-169-${kind}`;
  const cityForward = `seed-89-${kind}`;

  const row = async (sql: string, ...params: unknown[]) => (await run.harness.dataSource.query(sql, params))[0];

  beforeAll(async () => {
    deadlines = seedDeadlines(await run.env.currentTimeMs(), calendar);
  });

  it('delivers 民函〔2024〕56号 to 山西省民政厅', async () => {
    await run.cascade.startDirective({
      directiveId: ministryDirective,
      docNumber: SEED.ministry.docNumber,
      title: SEED.ministry.title,
      issuerUnit: SEED.ministry.code,
      recipients: [{ unitCode: SEED.province.code, unitName: '山西省民政厅' }],
      deadline: deadlines.ministry,
    });
    const province = await eventually(
      () =>
        row(
          'SELECT status, deadline FROM assignments WHERE id = ?',
          workflowIds.assignment(ministryDirective, '140000'),
        ),
      (r) => Boolean(r),
    );
    expect(province.status).toBe('DELIVERED');
    expect(Number(province.deadline)).toBe(deadlines.ministry);
    expect((await run.cascade.state(ministryDirective, '140000')).status).toBe('DELIVERED');
  });

  it('the province acknowledges and forwards 晋民函〔2024〕169号 to 17 units', async () => {
    expect((await run.cascade.acknowledge(ministryDirective, '140000')).status).toBe('ACKNOWLEDGED');
    const state = await run.cascade.forward(ministryDirective, '140000', {
      directiveId: provinceForward,
      docNumber: SEED.province.docNumber,
      title: SEED.province.title,
      recipients: provinceRecipients,
      deadline: deadlines.province,
    });
    expect(state.status).toBe('FORWARDED');
    expect(state.forward).toMatchObject({
      directiveId: provinceForward,
      docNumber: SEED.province.docNumber,
      deadline: deadlines.province,
    });
    expect(state.children?.total).toBe(17);

    const directive = await row(
      'SELECT doc_number, issuer_unit, parent_assignment_id, root_directive_id FROM directives WHERE id = ?',
      provinceForward,
    );
    expect(directive).toMatchObject({
      doc_number: SEED.province.docNumber,
      issuer_unit: '140000',
      root_directive_id: ministryDirective,
    });
    expect(directive.parent_assignment_id).toBe(workflowIds.assignment(ministryDirective, '140000'));
    const delivered = await eventually(
      () => row('SELECT COUNT(*) AS n FROM assignments WHERE directive_id = ?', provinceForward),
      (r) => Number(r.n) === 17,
    );
    expect(Number(delivered.n)).toBe(17);
  });

  it('临汾 forwards 临市民函〔2024〕89号 to its 17 counties with an earlier deadline', async () => {
    await run.cascade.acknowledge(provinceForward, SEED.city.code);
    const state = await run.cascade.forward(provinceForward, SEED.city.code, {
      directiveId: cityForward,
      docNumber: SEED.city.docNumber,
      title: SEED.city.title,
      recipients: linfenCounties,
      deadline: deadlines.city,
    });
    expect(state.status).toBe('FORWARDED');
    expect(state.children?.counts.DELIVERED).toBe(17);
    const province = await eventually(
      () => run.cascade.state(ministryDirective, '140000'),
      (s) => s.children?.counts.FORWARDED === 1,
    );
    expect(province.children?.counts.DELIVERED).toBe(16);
  });

  it('the counties acknowledge and report, one of them a zero report', async () => {
    for (const county of linfenCounties) await run.cascade.acknowledge(cityForward, county.unitCode);
    for (const [index, county] of linfenCounties.entries()) {
      const zero = index === 0;
      const state = await run.cascade.report(cityForward, county.unitCode, {
        content: zero ? '' : `${county.unitName}已组织学习回信精神，开展“银龄行动”主题活动1项。`,
        zeroReport: zero,
      });
      expect(state.status).toBe('REPORTED');
      expect(state.late).toBe(false);
    }
    const city = await eventually(
      () => run.cascade.state(provinceForward, SEED.city.code),
      (s) => s.children?.counts.REPORTED === 17,
    );
    expect(city.children).toMatchObject({ total: 17, zeroReports: 1, late: 0, pending: [] });
    const reported = await row(
      "SELECT COUNT(*) AS n FROM assignments WHERE directive_id = ? AND status = 'REPORTED'",
      cityForward,
    );
    expect(Number(reported.n)).toBe(17);
  });

  it('临汾 reports up with the roll-up (汇总) of its counties, and it arrives at the province', async () => {
    const state = await run.cascade.report(provinceForward, SEED.city.code, {
      content: '临汾市17个县（市、区）均已报送，开展主题活动16项。',
    });
    const report = state.reports.at(-1);
    expect(report?.rollup).toMatchObject({ total: 17, zeroReports: 1 });
    expect(report?.rollup?.counts.REPORTED).toBe(17);
    expect(report?.rollup?.reported.map((r) => r.unitCode).sort()).toEqual(
      linfenCounties.map((c) => c.unitCode).sort(),
    );

    const province = await eventually(
      () => run.cascade.state(ministryDirective, '140000'),
      (s) => s.children?.counts.REPORTED === 1,
    );
    expect(province.children?.reported).toEqual([
      expect.objectContaining({ unitCode: SEED.city.code, reportId: report?.id }),
    ]);
    const stored = await row('SELECT rollup, zero_report FROM reports WHERE id = ?', report?.id);
    expect(JSON.parse(stored.rollup)).toMatchObject({ total: 17 });
  });

  it('the province accepts 临汾 and the read model records every transition once', async () => {
    expect((await run.cascade.accept(provinceForward, SEED.city.code, '140000')).status).toBe('ACCEPTED');
    const city = await row(
      'SELECT status, accepted_at FROM assignments WHERE id = ?',
      workflowIds.assignment(provinceForward, SEED.city.code),
    );
    expect(city.status).toBe('ACCEPTED');
    const types = await run.harness.dataSource.query(
      'SELECT type, COUNT(*) AS n FROM events WHERE assignment_id = ? GROUP BY type ORDER BY type',
      [workflowIds.assignment(provinceForward, SEED.city.code)],
    );
    expect(Object.fromEntries(types.map((t: { type: string; n: number }) => [t.type, Number(t.n)]))).toEqual({
      ASSIGNMENT_ACKNOWLEDGED: 1,
      ASSIGNMENT_DELIVERED: 1,
      ASSIGNMENT_FORWARDED: 1,
      REPORT_ACCEPTED: 1,
      REPORT_SUBMITTED: 1,
    });
  });
});
