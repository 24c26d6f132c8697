import { workflowIds } from '@cascade/contracts';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { eventually, useRunningCascade } from '../../test/support/cascade-harness';
import { clerkOf } from '../../test/support/cascade-client';
import { linfenCounties } from '../../test/support/seed-scenario';
import { rejectionOf } from '../../test/support/update-errors';

const calendar = loadConfiguredCalendar();

describe('operations the state does not allow are refused with a reason', () => {
  const run = useRunningCascade('sqlite');
  let deadline: number;
  const directiveId = 'rejections-89';
  const [yaodu, quwo] = linfenCounties;

  beforeAll(async () => {
    deadline = calendar.addWorkingDays(new Date(await run.env.currentTimeMs()), 10).getTime();
    await run.cascade.startDirective({
      directiveId,
      docNumber: '临市民函〔2024〕89号',
      title: '测试',
      issuerUnit: '141000',
      recipients: [yaodu, quwo],
      deadline,
    });
    await eventually(
      () => run.harness.dataSource.query('SELECT id FROM assignments WHERE directive_id = ?', [directiveId]),
      (rows) => rows.length === 2,
    );
  });

  it('refuses a report before acknowledgement', async () => {
    expect(await rejectionOf(run.cascade.report(directiveId, yaodu.unitCode, { content: '已学习' }))).toMatch(
      '尚未签收',
    );
  });

  it('acknowledges twice idempotently, with one event', async () => {
    const first = await run.cascade.acknowledge(directiveId, yaodu.unitCode);
    const second = await run.cascade.acknowledge(directiveId, yaodu.unitCode);
    expect(second.status).toBe('ACKNOWLEDGED');
    expect(second.acknowledgedAt).toBe(first.acknowledgedAt);
    const [{ n }] = await run.harness.dataSource.query(
      "SELECT COUNT(*) AS n FROM events WHERE assignment_id = ? AND type = 'ASSIGNMENT_ACKNOWLEDGED'",
      [workflowIds.assignment(directiveId, yaodu.unitCode)],
    );
    expect(Number(n)).toBe(1);
  });

  it("refuses an operation on another unit's assignment", async () => {
    expect(await rejectionOf(run.cascade.acknowledge(directiveId, quwo.unitCode, clerkOf(yaodu.unitCode)))).toMatch(
      '无权操作',
    );
    expect((await run.cascade.state(directiveId, quwo.unitCode)).status).toBe('DELIVERED');
  });

  it('refuses an empty report that is not a zero report', async () => {
    expect(await rejectionOf(run.cascade.report(directiveId, yaodu.unitCode, { content: '  ' }))).toMatch(
      '报送内容不能为空',
    );
  });

  it('refuses acceptance by anyone but the issuing unit, and before a report', async () => {
    expect(await rejectionOf(run.cascade.accept(directiveId, yaodu.unitCode, '141000'))).toMatch('尚未报送');
    await run.cascade.report(directiveId, yaodu.unitCode, { content: '已开展主题活动1项' });
    expect(await rejectionOf(run.cascade.accept(directiveId, yaodu.unitCode, yaodu.unitCode))).toMatch('只有发文单位');
    expect(await rejectionOf(run.cascade.report(directiveId, yaodu.unitCode, { content: '再报一次' }))).toMatch(
      '已报送',
    );
  });

  describe('forwards', () => {
    const township = { unitCode: '141002001', unitName: '尧都区某街道办事处' };

    beforeAll(async () => {
      await run.harness.dataSource.query(
        "INSERT INTO units (code, name, parent_code, level, path) VALUES (?, ?, '141021', 'township', '000000/140000/141000/141021/141021001/')",
        ['141021001', '曲沃县乐昌镇人民政府'],
      );
      await run.cascade.acknowledge(directiveId, quwo.unitCode);
    });

    it('refuses a forward whose deadline is after the unit’s own', async () => {
      const late = await rejectionOf(
        run.cascade.forward(directiveId, quwo.unitCode, {
          docNumber: '曲民函〔2024〕1号',
          title: '转发',
          recipients: [{ unitCode: '141021001', unitName: '曲沃县乐昌镇人民政府' }],
          deadline: deadline + 24 * 3600_000,
        }),
      );
      expect(late).toMatch(/^转发期限 \d+年\d+月\d+日 晚于本单位报送期限 \d+年\d+月\d+日$/);
    });

    it('refuses a forward to a unit that is not a subordinate', async () => {
      const sibling = await rejectionOf(
        run.cascade.forward(directiveId, quwo.unitCode, {
          docNumber: '曲民函〔2024〕2号',
          title: '转发',
          recipients: [yaodu],
          deadline: deadline - 3 * 24 * 3600_000,
        }),
      );
      expect(sibling).toMatch('尧都区民政局（141002）不是曲沃县民政局（141021）的下级单位，也无发文关系');
      const unknown = await rejectionOf(
        run.cascade.forward(directiveId, quwo.unitCode, {
          docNumber: '曲民函〔2024〕3号',
          title: '转发',
          recipients: [township],
          deadline: deadline - 3 * 24 * 3600_000,
        }),
      );
      expect(unknown).toMatch('不在单位名录中');
      expect((await run.cascade.state(directiveId, quwo.unitCode)).status).toBe('ACKNOWLEDGED');
    });

    it('accepts a valid forward once and refuses a second one', async () => {
      const forward = {
        docNumber: '曲民函〔2024〕4号',
        title: '转发',
        recipients: [{ unitCode: '141021001', unitName: '曲沃县乐昌镇人民政府' }],
        deadline: calendar.addWorkingDays(new Date(deadline), -2).getTime(),
      };
      expect((await run.cascade.forward(directiveId, quwo.unitCode, forward)).status).toBe('FORWARDED');
      expect(
        await rejectionOf(
          run.cascade.forward(directiveId, quwo.unitCode, { ...forward, docNumber: '曲民函〔2024〕5号' }),
        ),
      ).toMatch('不能重复转发');
      const retried = await run.cascade.forward(directiveId, quwo.unitCode, {
        ...forward,
        directiveId: (await run.cascade.state(directiveId, quwo.unitCode)).forward?.directiveId,
      });
      expect(retried.forward?.docNumber).toBe('曲民函〔2024〕4号');
    });
  });
});
