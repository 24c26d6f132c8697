import { Client } from '@temporalio/client';
import type { Browser, BrowserContext } from 'playwright-core';
import { ok } from '@cascade/api-client';
import { recurrenceIds, workflowIds } from '@cascade/contracts';
import { periodAt } from '@cascade/domain';
import { eventually } from '../support/cascade-harness';
import { launchChromium, screenshot, signInAs } from './support/chromium';
import { type RunningStack, startRunningStack } from './support/running-stack';

const DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The first day of last month in Asia/Shanghai, `YYYY-MM-DD`, and its instant. */
function lastMonthStart(): { iso: string; at: number } {
  const shanghai = new Date(Date.now() + 8 * 3_600_000);
  const index = shanghai.getUTCFullYear() * 12 + shanghai.getUTCMonth() - 1;
  const iso = `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
  return { iso, at: Date.parse(`${iso}T00:00:00+08:00`) };
}

jest.setTimeout(240_000);

/** 周期: a recurring directive's periods side by side in the dashboard, with their figures and 未达标. */
describe('periods of a recurring directive in Chromium against the running system', () => {
  let stack: RunningStack;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchChromium(), startRunningStack()]);
  }, 180_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await Promise.all([browser?.close(), stack?.close()]);
  });

  it('shows each period’s 已报/应报 and 指标达标 side by side, marks 未达标 and urges that unit for its quota', async () => {
    const province = stack.client('140000');
    const last = lastMonthStart();
    // The running stack serves on the CLI dev server, which runs schedules (the time-skipping one does not).
    const series = await ok(
      province.POST('/api/directives', {
        body: {
          docNumber: '晋民函〔2026〕31号',
          title: '关于按月报送主题活动开展情况的通知',
          issuerUnit: '140000',
          recipients: ['141000', '140100'],
          deadline: new Date(Date.now() + 30 * DAY).toISOString(),
          form: { fields: [{ key: 'activities', label: '主题活动数', type: 'integer', unit: '次', min: 0 }] },
          recurrence: {
            frequency: 'monthly',
            due: { kind: 'days', count: 45 },
            start: last.iso,
            quotas: [{ field: 'activities', min: 1 }],
          },
          // Any reminder the engine sends first leaves the 催办 by hand a moment later possible.
          policy: { urgeInterval: 'PT1S' },
        },
      }),
    );
    // The schedule starts the current period at once; last month's is run as the engine's catch-up would.
    const schedule = stack.app.get(Client).schedule.getHandle(recurrenceIds.schedule(series.id));
    await schedule.backfill({ start: new Date(last.at), end: new Date(last.at + DAY / 2), overlap: 'ALLOW_ALL' });
    const previous = periodAt({ frequency: 'monthly' }, last.at);
    const current = periodAt({ frequency: 'monthly' }, Date.now());
    // The series reaches the read model a moment after the answer to its issue (404 until then).
    const periods = await eventually(
      async () => (await province.GET('/api/directives/{id}/periods', { params: { path: { id: series.id } } })).data,
      (answer) => answer?.periods.length === 2 && answer.periods.every((p) => p.units === 2),
      90_000,
    );
    expect(periods!.periods.map((p) => p.label)).toEqual([previous.label, current.label]);

    const report = async (period: string, unitCode: string, activities: number) => {
      const client = stack.client(unitCode);
      const id = workflowIds.assignment(`${series.id}.${period}`, unitCode);
      await ok(client.POST('/api/assignments/{id}/acknowledge', { params: { path: { id } }, body: {} }));
      await ok(
        client.POST('/api/assignments/{id}/report', {
          params: { path: { id } },
          body: { content: '', values: { activities } },
        }),
      );
    };
    // Last month: Linfen held 3 主题活动. This month: Linfen reports 0 (below the quota), Taiyuan 2.
    await report(previous.key, '141000', 3);
    await report(current.key, '141000', 0);
    await report(current.key, '140100', 2);

    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, stack, '140000');
    await page.goto(`${stack.baseUrl}/directives/${series.id}`);
    const panel = page.getByRole('region', { name: '周期' });
    const table = panel.getByRole('table');
    await table.waitFor({ timeout: 60_000 });
    await expect(table.getByRole('columnheader').allInnerTexts()).resolves.toEqual([
      '周期',
      '报送期限',
      '已报/应报',
      '指标达标',
    ]);
    const row = (label: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
    // The panel polls: the figures arrive as the reports reach the read model.
    await row(current.label).getByText('2/2').waitFor({ timeout: 60_000 });
    const cells = async (label: string) => (await row(label).getByRole('cell').allInnerTexts()).map((t) => t.trim());
    await eventually(
      () => cells(previous.label),
      (texts) => texts[1] === '1/2',
      30_000,
    );
    const before = await cells(previous.label);
    expect(before[1]).toBe('1/2');
    expect(before[2]).toBe('1/2');
    const now = await cells(current.label);
    expect(now[1]).toBe('2/2');
    expect(now[2]).toMatch(/^1\/2\s*未达标 临汾市民政局（主题活动数 0\/1）/);
    // Last month Linfen met its quota, and Taiyuan has not reported: neither is 未达标.
    expect(before[2]).not.toContain('未达标');
    await screenshot(page, 'periods-panel-1366');

    await row(current.label)
      .getByRole('button', { name: `催办 临汾市民政局 ${current.label}指标` })
      .click();
    await panel.getByRole('status').filter({ hasText: '已催办 临汾市民政局' }).waitFor();
    const events = await eventually(
      () =>
        ok(province.GET('/api/directives/{id}/events', { params: { path: { id: `${series.id}.${current.key}` } } })),
      (list) => list.some((e) => e.type === 'URGED' && e.detail?.startsWith('本期指标未达到：主题活动数 0/1') === true),
      30_000,
    );
    expect(events.filter((e) => e.type === 'URGED').map((e) => e.unitCode)).toContain('141000');

    // 立即发起本期: the period under way has started, so the action starts nothing twice.
    await panel.getByRole('button', { name: '立即发起本期' }).click();
    await panel.getByRole('status').filter({ hasText: '已发起本期' }).waitFor();
    const described = await eventually(
      () => schedule.describe(),
      (d) => d.info.numActionsTaken >= 3,
      30_000,
    );
    expect(described.info.numActionsTaken).toBeGreaterThanOrEqual(3);
    expect(
      (await province.GET('/api/directives/{id}/periods', { params: { path: { id: series.id } } })).data?.periods,
    ).toHaveLength(2);

    // The period's 汇总 shows the same 未达标 beside the unit's figures.
    await page.goto(`${stack.baseUrl}/directives/${encodeURIComponent(`${series.id}.${current.key}`)}`);
    const linfen = page.locator('[data-testid="rollup-row"][data-unit="141000"]');
    await linfen.getByTestId('rollup-below-quota').waitFor({ timeout: 60_000 });
    await expect(linfen.getByTestId('rollup-below-quota').innerText()).resolves.toContain('未达标 主题活动数 0/1');
    await expect(
      page.locator('[data-testid="rollup-row"][data-unit="140100"]').getByTestId('rollup-below-quota').count(),
    ).resolves.toBe(0);
    await expect(page.getByTestId('rollup-summary').innerText()).resolves.toContain('未达标 1 个');
    await screenshot(page, 'period-rollup-below-quota-1366');

    // 更正 of the series: a new title for the periods to come; its deadline is the rule's, so none is asked.
    await page.goto(`${stack.baseUrl}/directives/${series.id}`);
    await page.getByRole('button', { name: /^更正通知 / }).click();
    const amend = page.getByRole('form', { name: '更正通知' });
    await expect(amend.getByLabel(/新的报送期限/).count()).resolves.toBe(0);
    await amend.getByLabel('新的标题（可不填）').fill('关于按月报送主题活动和敬老月活动开展情况的通知');
    await amend.getByLabel('更正说明').fill('增加敬老月活动');
    await amend.getByRole('button', { name: '发出更正通知' }).click();
    await page.getByRole('status').filter({ hasText: '已发出更正通知（第 2 版）' }).waitFor();
    const template = (await schedule.describe()).action as { args?: Array<{ title: string }> };
    expect(template.args?.[0]?.title).toBe('关于按月报送主题活动和敬老月活动开展情况的通知');
  });
});
