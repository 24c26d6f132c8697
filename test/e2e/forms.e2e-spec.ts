import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ok } from '@cascade/api-client';
import { workflowIds } from '@cascade/contracts';
import { screenshot, SCREENSHOTS } from './support/chromium';
import { DESKTOP, PHONE, shanghaiInput, useE2eSuite } from './support/e2e-fixture';

const DAY = 86_400_000;
const HORIZONTAL_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';

const NOTICE = `山西省民政厅
晋民函〔2026〕12号
关于报送银龄行动主题活动开展情况的通知

临汾市民政局、太原市民政局：
  为深入推进新时代“银龄行动”，各地每年至少开展1项主题活动，并组织老年志愿者参与。请于12月25日前将开展情况报省民政厅。

山西省民政厅
2026年12月1日`;

const COUNTIES = ['141002', '141021', '141022'];

jest.setTimeout(240_000);

/** 填报表 in the dashboard: designed on issue, filled at each level with its subtree's totals, summed for the province. */
describe('report forms in Chromium against the running system', () => {
  const e2e = useE2eSuite();
  let directiveId: string;
  let cityDirectiveId: string;

  const pageOf = (unitCode: string, viewport = DESKTOP): Promise<Page> => e2e.signedIn(unitCode, 'clerk', { viewport });

  /** The county's or the city's 报送 form, opened from its 待办 item (acknowledged beforehand). */
  async function openReport(page: Page, docNumber: string): Promise<Locator> {
    const item = page.getByTestId('inbox-item').filter({ hasText: docNumber });
    await item.getByRole('button', { name: /^报送 / }).click({ timeout: 60_000 });
    const form = item.getByRole('form', { name: /^报送/ });
    await form.getByRole('group', { name: /^填报表/ }).waitFor();
    return form;
  }

  const acknowledge = (directive: string, unitCode: string) =>
    ok(
      e2e.stack.client(unitCode).POST('/api/assignments/{id}/acknowledge', {
        params: { path: { id: workflowIds.assignment(directive, unitCode) } },
        body: {},
      }),
    );

  it('the province designs the 填报表 on issue, with the quota of the notice proposed as a field', async () => {
    const page = await pageOf('140000');
    await page.getByRole('link', { name: '导入通知' }).click();
    await page.getByLabel('通知全文').fill(NOTICE);
    await page.getByRole('button', { name: '解析' }).click();
    const builder = page.getByRole('group', { name: /^填报表设计/ });
    const fields = builder.getByTestId('builder-field');
    // "每年至少开展1项主题活动" → 主题活动数, at least 1 项.
    await expect(fields.first().getByLabel('名称').inputValue()).resolves.toBe('主题活动数');
    expect(await fields.first().getByLabel('计量单位').inputValue()).toBe('项');
    expect(await fields.first().getByLabel('下限').inputValue()).toBe('1');
    await fields.first().getByLabel('必填').check();

    await builder.getByRole('button', { name: '添加填报项' }).click();
    const people = fields.nth(1);
    await people.getByLabel('名称').fill('参与人数');
    await people.getByLabel('计量单位').selectOption('人');
    await people.getByLabel('下限').fill('0');
    await people.getByLabel('必填').check();

    await builder.getByRole('button', { name: '添加填报项' }).click();
    const teams = fields.nth(2);
    await teams.getByLabel('名称').first().fill('服务队');
    await teams.getByLabel('类型').first().selectOption('table');
    const columns = teams.getByTestId('builder-field');
    await columns.first().getByLabel('名称').fill('名称');
    await teams.getByRole('button', { name: /^添加列/ }).click();
    await columns.nth(1).getByLabel('名称').fill('人数');
    await columns.nth(1).getByLabel('类型').selectOption('number');
    await columns.nth(1).getByLabel('计量单位').selectOption('人');

    // A field added by mistake goes again; order is the issuer's.
    await builder.getByRole('button', { name: '添加填报项' }).click();
    await fields.last().getByLabel('名称').fill('多余的项');
    await builder.getByRole('button', { name: '删除 多余的项' }).click();
    await builder.getByRole('button', { name: '下移 主题活动数' }).click();
    await builder.getByRole('button', { name: '上移 主题活动数' }).click();

    await page.getByLabel('报送期限（北京时间）').fill(shanghaiInput(Date.now() + 20 * DAY));
    await screenshot(page, 'forms-01-builder');
    await page.getByRole('button', { name: '发文（主送 2 个单位）' }).click();
    await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
    directiveId = page.url().split('/').pop()!;

    const detail = await ok(
      e2e.stack.client('140000').GET('/api/directives/{id}', { params: { path: { id: directiveId } } }),
    );
    expect(detail.form).toEqual({
      fields: [
        { key: 'quota1', label: '主题活动数', type: 'integer', unit: '项', min: 1, required: true },
        { key: 'f1', label: '参与人数', type: 'integer', unit: '人', min: 0, required: true },
        {
          key: 'f2',
          label: '服务队',
          type: 'table',
          columns: [
            { key: 'c1', label: '名称', type: 'text' },
            { key: 'c2', label: '人数', type: 'integer', unit: '人' },
          ],
        },
      ],
    });
  });

  it('the city sees the upstream fields read-only when forwarding, and may add its own', async () => {
    const page = await pageOf('141000');
    const item = page.getByTestId('inbox-item').filter({ hasText: '晋民函〔2026〕12号' });
    await item.getByRole('button', { name: /^签收/ }).click();
    await item.getByRole('button', { name: '转发' }).click({ timeout: 60_000 });
    const form = item.getByRole('form', { name: /^转发/ });
    const upstream = form.getByRole('list', { name: '上级填报项' });
    await upstream.getByText('主题活动数').waitFor();
    expect(await upstream.textContent()).toContain('不少于 1项');
    await form.getByRole('button', { name: '增设填报项' }).click();
    await form.getByTestId('builder-field').first().getByLabel('名称').fill('入户走访次数');
    await screenshot(page, 'forms-02-forward-upstream');
    await form.getByRole('button', { name: '取消' }).click();

    // The forward itself through the API: three counties keep the test short.
    const forwarded = await ok(
      e2e.stack.client('141000').POST('/api/assignments/{id}/forward', {
        params: { path: { id: workflowIds.assignment(directiveId, '141000') } },
        body: {
          docNumber: '临市民函〔2026〕5号',
          title: '关于转发报送银龄行动主题活动开展情况的通知',
          recipients: COUNTIES,
          deadline: new Date(Date.now() + 10 * DAY).toISOString(),
        },
      }),
    );
    cityDirectiveId = forwarded.forward!.directiveId;
    for (const county of COUNTIES) await acknowledge(cityDirectiveId, county);
  });

  it('a county fills the form: a wrong value shows the field’s Chinese message, then it reports', async () => {
    const page = await pageOf('141002');
    const form = await openReport(page, '临市民函〔2026〕5号');
    const activities = form.getByLabel(/^主题活动数/);
    await activities.fill('0');
    await form.getByLabel(/^参与人数/).fill('1,20');
    await form.getByRole('button', { name: /^提交报送/ }).click();
    const field = form.locator('[data-field="quota1"]');
    await field.locator('.field-error').filter({ hasText: '“主题活动数”不能小于 1项' }).waitFor();
    expect(await activities.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').textContent()).toContain('填报数据有误');
    await screenshot(page, 'forms-03-county-error');

    await activities.fill('2');
    await form.getByLabel(/^参与人数/).fill('120');
    await form.getByRole('button', { name: /^添加一行/ }).click();
    await form.getByLabel('服务队第 1 行名称').fill('尧都区银龄服务队');
    await form.getByLabel('服务队第 1 行人数').fill('15');
    await screenshot(page, 'forms-04-county-filled');
    await form.getByRole('button', { name: /^提交报送/ }).click();
    await page.getByRole('status').filter({ hasText: '已报送：临市民函〔2026〕5号' }).waitFor();

    const mine = await ok(
      e2e.stack.client('141002').GET('/api/assignments/{id}/form', {
        params: { path: { id: workflowIds.assignment(cityDirectiveId, '141002') } },
      }),
    );
    expect(mine.values).toEqual({ quota1: 2, f1: 120, f2: [{ c1: '尧都区银龄服务队', c2: 15 }] });
  });

  it('another county reports 无则报零 on a phone: every number becomes 0', async () => {
    const params = { path: { id: workflowIds.assignment(cityDirectiveId, '141021') } };
    await ok(
      e2e.stack.client('141021').POST('/api/assignments/{id}/report', {
        params,
        body: { content: '', values: { quota1: 3, f1: 1000, f2: [{ c1: '洪洞县银龄服务队', c2: 20 }] } },
      }),
    );

    const page = await pageOf('141022', PHONE);
    const form = await openReport(page, '临市民函〔2026〕5号');
    await form.getByRole('button', { name: /^无则报零/ }).click();
    expect(await form.getByLabel(/^主题活动数/).inputValue()).toBe('0');
    expect(await form.getByLabel(/^参与人数/).inputValue()).toBe('0');
    expect(await page.evaluate<number>(HORIZONTAL_OVERFLOW)).toBeLessThanOrEqual(0);
    await screenshot(page, 'forms-05-county-zero-phone');
    await form.getByRole('button', { name: /^提交报送/ }).click();
    await page.getByRole('status').filter({ hasText: '已报送：临市民函〔2026〕5号' }).waitFor();
  });

  it('the city sees its subtree totals beside its own values, and a differing total needs a 说明', async () => {
    const page = await pageOf('141000');
    const form = await openReport(page, '晋民函〔2026〕12号');
    await form.getByTestId('subtree-units').filter({ hasText: '下级单位 3 个，已报送 3 个' }).waitFor();
    expect(await form.getByTestId('subtree-quota1').textContent()).toBe('5 项');
    expect(await form.getByTestId('subtree-f1').textContent()).toBe('1,120 人');
    expect(await form.getByTestId('subtree-f2').textContent()).toBe('共 2 行');
    expect(await form.getByLabel('下级合计（参与人数）').inputValue()).toBe('1120');
    await form.getByLabel(/^主题活动数/).fill('1');
    await form.getByLabel(/^参与人数/).fill('30');
    await screenshot(page, 'forms-06-city-subtree');

    // A total that disagrees with the counties' reports: the 说明 box appears and the API insists on it.
    await form.getByLabel('下级合计（参与人数）').fill('1100');
    const explanation = form.getByLabel(/^说明/);
    await explanation.waitFor();
    await form.getByRole('button', { name: /^提交报送/ }).click();
    await form
      .locator('[data-field="f1"] .field-error')
      .filter({ hasText: '“参与人数”的下级合计与下级报送的数据（1120）不一致，请填写说明' })
      .waitFor();
    await explanation.fill('另有 20 人由乡镇直接组织，未经县级报送，已扣除重复统计。');
    await screenshot(page, 'forms-07-city-explanation');
    await form.getByRole('button', { name: /^提交报送/ }).click();
    await page.getByRole('status').filter({ hasText: '已报送：晋民函〔2026〕12号' }).waitFor();
  });

  it('the province’s 汇总 shows every level with exact sums, 未报 marked, and the 汇总表 to download', async () => {
    const page = await pageOf('140000');
    await page.goto(`${e2e.stack.baseUrl}/directives/${directiveId}`);
    const table = page.getByRole('table', { name: '填报汇总' });
    const city = table.locator('[data-testid="rollup-row"][data-unit="141000"]');
    await city.waitFor({ timeout: 15_000 });
    const cells = async (row: Locator) => (await row.locator('th, td').allTextContents()).map((t) => t.trim());
    // 单位, 层级, 报送情况, then 本单位 / 下级合计 per field.
    expect((await cells(city)).slice(1)).toEqual(['第一级', '已报 下级 3/3', '1', '5', '30', '1,120', '', '共 2 行']);
    expect(await cells(table.locator('[data-testid="rollup-row"][data-unit="140100"]'))).toEqual(
      expect.arrayContaining(['太原市民政局', '未报']),
    );
    const total = table.getByTestId('rollup-total');
    expect(await cells(total)).toEqual(['合计', '', '已报 4/5', '6', '1,150', '共 2 行']);
    expect(await table.locator('[data-testid="rollup-row"][data-level="2"]').count()).toBe(0);

    await city.getByRole('button', { name: '展开 临汾市民政局 的下级（3 个）' }).click();
    const county = table.locator('[data-testid="rollup-row"][data-unit="141021"]');
    await county.waitFor();
    expect((await cells(county)).slice(1)).toEqual(['第二级', '已报', '3', '', '1,000', '', '1 行', '']);
    expect(await cells(table.locator('[data-testid="rollup-row"][data-unit="141022"]'))).toEqual(
      expect.arrayContaining(['0']),
    );
    await city.getByText('说明：另有 20 人', { exact: false }).waitFor();
    const bar = page.locator('svg rect.rollup-bar[data-value="6"]');
    await bar.waitFor();
    await screenshot(page, 'forms-08-province-rollup');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载填报汇总表（Excel）' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('填报汇总表-晋民函〔2026〕12号.xlsx');
    expect(
      fs
        .readFileSync(await download.path())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');

    // A county sees its own row and no 汇总表 buttons.
    const countyPage = await pageOf('141002');
    await countyPage.goto(`${e2e.stack.baseUrl}/directives/${cityDirectiveId}`);
    await countyPage.locator('[data-testid="rollup-row"][data-unit="141002"]').waitFor({ timeout: 15_000 });
    expect(await countyPage.getByRole('button', { name: /^下载填报汇总表/ }).count()).toBe(0);

    const phone = await pageOf('140000', PHONE);
    await phone.goto(`${e2e.stack.baseUrl}/directives/${directiveId}`);
    await phone.locator('[data-testid="rollup-row"][data-unit="141000"]').waitFor({ timeout: 15_000 });
    expect(await phone.evaluate<number>(HORIZONTAL_OVERFLOW)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'forms-09-province-rollup-phone');
    await phone.getByRole('button', { name: '展开全部' }).click();
    await phone.locator('[data-testid="rollup-row"][data-unit="141002"]').waitFor();
    await phone
      .getByRole('region', { name: '填报汇总', exact: true })
      .screenshot({ path: path.join(SCREENSHOTS, 'forms-10-province-rollup-phone-panel.png') });
  });
});
