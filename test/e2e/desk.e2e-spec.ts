import { ok } from '@cascade/api-client';
import { workflowIds } from '@cascade/contracts';
import { noticePdf } from '../../apps/cli/src/demo/demo-pdf';
import { storeFile } from '../support/stored-files';
import { screenshot } from './support/chromium';
import { useE2eSuite } from './support/e2e-fixture';

const DAY = 86_400_000;

jest.setTimeout(180_000);

/** The daily loops of a county clerk and a city clerk, on the 处理笺, the lists and the directive page. */
describe('the desk: 处理笺, lists and the issuer’s side in Chromium', () => {
  const e2e = useE2eSuite();
  const signedIn = (unitCode: string, role: 'clerk' | 'supervisor' = 'clerk') => e2e.signedIn(unitCode, role);

  const pdf = (title: string, unitName: string) =>
    noticePdf({ issuerName: unitName, docNumber: '', title, paragraphs: [`${title}。`], closing: [unitName] });

  afterEach(() => expect(e2e.pageErrors).toEqual([]));

  it('county: 待办 → 处理笺 → 签收 → 报送 with a PDF → sees it in 已办', async () => {
    const title = '关于开展养老机构安全检查的通知';
    const body = await storeFile(e2e.stack, '141000', '临市民函〔2026〕7号.pdf', await pdf(title, '临汾市民政局'));
    const issued = await e2e.issue({
      docNumber: '临市民函〔2026〕7号',
      title,
      issuerUnit: '141000',
      recipients: ['141002'],
      deadline: Date.now() + 10 * DAY,
      obligations: [{ kind: 'deadline', text: '报送检查情况' }],
      documents: { bodyFileId: body.fileId },
    });
    const page = await signedIn('141002');
    await page.getByRole('heading', { name: '待办', level: 1 }).waitFor();
    expect(await page.title()).toContain('待办');
    await page
      .getByTestId('inbox-item')
      .filter({ hasText: '临市民函〔2026〕7号' })
      .getByRole('link', { name: title })
      .click();

    // The 处理笺: the notice, its time limits and what this clerk may do.
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    expect(await page.title()).toContain('处理笺');
    await page.getByTestId('body-pdf').waitFor();
    await page.getByRole('heading', { name: '工作要求' }).waitFor();
    expect(await page.getByTestId('left-签收时限').textContent()).toMatch(/^(还剩 \d+ 个工作日|今日到期)$/);
    expect(await page.getByTestId('left-报送期限').textContent()).toMatch(/^还剩 \d+ 个工作日$/);
    expect(await page.getByTestId('forward-blocked').textContent()).toContain('本单位没有下级单位');
    expect(await page.getByRole('button', { name: `转发 ${title}` }).count()).toBe(0);
    await screenshot(page, 'desk-county-01-sheet');

    await page.getByRole('button', { name: `签收 ${title}` }).click();
    await page.getByRole('status').filter({ hasText: '已签收：临市民函〔2026〕7号' }).waitFor();
    await page.getByRole('button', { name: `报送 ${title}` }).click();
    await page.getByLabel('报送内容').fill('已完成全区 12 家养老机构的安全检查。');
    await page.getByLabel('报送材料（电子版）').setInputFiles({
      name: '尧都区检查情况.pdf',
      mimeType: 'application/pdf',
      buffer: await pdf('检查情况', '尧都区'),
    });
    await page.getByRole('button', { name: '提交报送' }).click();
    await page.getByRole('status').filter({ hasText: '已报送：临市民函〔2026〕7号' }).waitFor();
    await page.getByRole('heading', { name: '本单位报送记录' }).waitFor();
    await page
      .getByRole('list', { name: '第 1 版报送材料' })
      .getByRole('button', { name: '尧都区检查情况.pdf' })
      .waitFor();
    await screenshot(page, 'desk-county-02-reported');

    await page.getByRole('link', { name: '待办' }).first().click();
    await page.getByRole('navigation', { name: '办件分类' }).getByRole('link', { name: '已办' }).click();
    await page.getByRole('heading', { name: '已办', level: 1 }).waitFor();
    const done = page.getByTestId('inbox-item').filter({ hasText: '临市民函〔2026〕7号' });
    await done.waitFor({ timeout: 15_000 });
    await done.getByText('已报送').first().waitFor();
    expect(await page.title()).toContain('已办');
    await screenshot(page, 'desk-county-03-done-list');
    // It left 待办.
    await page.getByRole('navigation', { name: '办件分类' }).getByRole('link', { name: '待办' }).click();
    await page.getByRole('heading', { name: '待办', level: 1 }).waitFor();
    await page.getByTestId('inbox-summary').waitFor();
    expect(await page.getByTestId('inbox-item').filter({ hasText: '临市民函〔2026〕7号' }).count()).toBe(0);
    expect(issued.id).toBeTruthy();
  });

  it('city: receives → 转发 → a county reports → 退回 with a reason → the county sees 已退回 and re-reports → 办结', async () => {
    const title = '关于做好冬季困难群众救助工作的通知';
    const issued = await e2e.issue({
      docNumber: '晋民函〔2026〕31号',
      title,
      issuerUnit: '140000',
      recipients: ['141000'],
      deadline: Date.now() + 20 * DAY,
    });
    const city = await signedIn('141000');
    await city.goto(
      `${e2e.stack.baseUrl}/assignments/${encodeURIComponent(workflowIds.assignment(issued.id, '141000'))}`,
    );
    await city.getByRole('heading', { name: title, level: 1 }).waitFor();
    await city.getByRole('button', { name: `签收 ${title}` }).click();
    await city.getByRole('button', { name: `转发 ${title}` }).click();
    const form = city.getByRole('form', { name: /^转发/ });
    await form.getByLabel('转发文号').fill('临市民函〔2026〕40号');
    await form.getByRole('button', { name: /^转发给 \d+ 个单位$/ }).click();
    await city.getByRole('status').filter({ hasText: '已转发：晋民函〔2026〕31号' }).waitFor({ timeout: 20_000 });
    await screenshot(city, 'desk-city-01-forwarded');

    const state = await ok(
      e2e.stack.client('141000').GET('/api/assignments/{id}', {
        params: { path: { id: workflowIds.assignment(issued.id, '141000') } },
      }),
    );
    const forward = state.state!.forward!.directiveId;
    const countyId = workflowIds.assignment(forward, '141002');
    const county = e2e.stack.client('141002');
    await ok(county.POST('/api/assignments/{id}/acknowledge', { params: { path: { id: countyId } }, body: {} }));
    await ok(
      county.POST('/api/assignments/{id}/report', {
        params: { path: { id: countyId } },
        body: { content: '已救助 35 户。' },
      }),
    );

    // The city opens the county in its tree, reads the report and sends it back.
    await city.goto(`${e2e.stack.baseUrl}/directives/${forward}`);
    await city.locator('.tree li[data-unit="141002"][data-status="REPORTED"]').waitFor({ timeout: 15_000 });
    await city.getByRole('button', { name: '查看 尧都区民政局 的办理情况' }).click();
    const panel = city.getByTestId('unit-panel');
    await panel.getByText('已救助 35 户。').waitFor();
    await panel.getByRole('button', { name: /^退回 尧都区民政局/ }).click();
    await panel.getByLabel('退回理由').fill('请补充救助资金发放明细');
    await panel.getByRole('button', { name: '确认退回' }).click();
    await panel.getByRole('status').filter({ hasText: '已退回 尧都区民政局' }).waitFor();
    await screenshot(city, 'desk-city-02-returned');

    // The county sees 已退回 with the reason on its 处理笺 and reports again.
    const countyPage = await signedIn('141002');
    await countyPage
      .getByTestId('inbox-item')
      .filter({ hasText: '临市民函〔2026〕40号' })
      .getByText('已退回')
      .first()
      .waitFor();
    await countyPage.goto(`${e2e.stack.baseUrl}/assignments/${encodeURIComponent(countyId)}`);
    const returned = countyPage.getByTestId('returned-note');
    await returned.waitFor();
    expect(await returned.textContent()).toContain('请补充救助资金发放明细');
    await screenshot(countyPage, 'desk-city-03-county-sees-returned');
    await countyPage.getByRole('button', { name: /^重新报送 / }).click();
    await countyPage.getByLabel('报送内容').fill('已救助 35 户，发放救助资金 10.5 万元，明细见附表。');
    await countyPage.getByRole('button', { name: '提交报送' }).click();
    await countyPage.getByRole('status').filter({ hasText: '已报送' }).waitFor();

    // The city closes it.
    await panel.getByText('明细见附表').waitFor({ timeout: 15_000 });
    await panel.getByRole('button', { name: /^办结 尧都区民政局/ }).click();
    await panel.getByRole('status').filter({ hasText: '已办结 尧都区民政局' }).waitFor();
    await city.locator('.tree li[data-unit="141002"][data-status="ACCEPTED"]').waitFor({ timeout: 15_000 });
    await screenshot(city, 'desk-city-04-accepted');

    await countyPage.getByRole('link', { name: '待办' }).first().click();
    await countyPage.getByRole('navigation', { name: '办件分类' }).getByRole('link', { name: '办结' }).click();
    await countyPage.getByTestId('inbox-item').filter({ hasText: '临市民函〔2026〕40号' }).waitFor({ timeout: 15_000 });
  });

  it('city: clicks a county in 汇总 → its figures → 退回 with a reason → the county re-reports → 办结', async () => {
    const title = '关于报送敬老院床位情况的通知';
    const form = {
      fields: [
        { key: 'beds', label: '床位数', type: 'integer', unit: '个', min: 0, required: true },
        { key: 'staff', label: '护理人员', type: 'integer', unit: '人', min: 0 },
      ],
    };
    const issued = await e2e.issue({
      docNumber: '临市民函〔2026〕52号',
      title,
      issuerUnit: '141000',
      recipients: ['141002', '141021'],
      deadline: Date.now() + 12 * DAY,
      form,
    });
    const countyId = workflowIds.assignment(issued.id, '141002');
    const county = e2e.stack.client('141002');
    await ok(county.POST('/api/assignments/{id}/acknowledge', { params: { path: { id: countyId } }, body: {} }));
    await ok(
      county.POST('/api/assignments/{id}/report', {
        params: { path: { id: countyId } },
        body: { content: '全区敬老院床位已核实。', values: { beds: 120, staff: 14 } },
      }),
    );

    const city = await signedIn('141000');
    await city.goto(`${e2e.stack.baseUrl}/directives/${issued.id}`);
    const rollup = city.getByRole('region', { name: '汇总数据（可左右滚动）' });
    await rollup
      .locator('[data-testid="rollup-row"][data-unit="141002"]')
      .getByText('已报')
      .waitFor({ timeout: 15_000 });
    await rollup.getByRole('button', { name: '查看 尧都区民政局 的报送' }).click();
    const panel = city.getByTestId('unit-panel');
    await panel.getByRole('heading', { name: '尧都区民政局', level: 2 }).waitFor();
    const figures = panel.getByTestId('unit-figures');
    expect(await figures.locator('tr[data-field="beds"] td').first().textContent()).toBe('120 个');
    expect(await figures.locator('tr[data-field="staff"] td').first().textContent()).toBe('14 人');
    await panel.getByText('全区敬老院床位已核实。').waitFor();
    await screenshot(city, 'desk-city-05-rollup-panel');
    await panel.getByRole('button', { name: /^退回 尧都区民政局/ }).click();
    await panel.getByLabel('退回理由').fill('护理人员数与花名册不符，请核对');
    await panel.getByRole('button', { name: '确认退回' }).click();
    await panel.getByRole('status').filter({ hasText: '已退回 尧都区民政局' }).waitFor();

    // The county reads the reason on its 处理笺 and reports corrected figures.
    const countyPage = await signedIn('141002');
    await countyPage.goto(`${e2e.stack.baseUrl}/assignments/${encodeURIComponent(countyId)}`);
    expect(await countyPage.getByTestId('returned-note').textContent()).toContain('护理人员数与花名册不符');
    await countyPage.getByRole('button', { name: `重新报送 ${title}` }).click();
    await countyPage.getByLabel(/^床位数/).fill('120');
    await countyPage.getByLabel(/^护理人员/).fill('12');
    await countyPage.getByLabel('报送内容').fill('已核对花名册，护理人员 12 人。');
    await countyPage.getByRole('button', { name: /^提交报送/ }).click();
    await countyPage.getByRole('status').filter({ hasText: '已报送' }).waitFor();

    // The city's open panel shows the new version and figures; it closes the case.
    await figures
      .locator('tr[data-field="staff"] td')
      .first()
      .filter({ hasText: '12 人' })
      .waitFor({ timeout: 15_000 });
    await panel.getByText('已核对花名册，护理人员 12 人。').waitFor();
    await panel.getByRole('button', { name: /^办结 尧都区民政局/ }).click();
    await panel.getByRole('status').filter({ hasText: '已办结 尧都区民政局' }).waitFor();
    await city.locator('.tree li[data-unit="141002"][data-status="ACCEPTED"]').waitFor({ timeout: 15_000 });
    await screenshot(city, 'desk-city-06-rollup-accepted');
  });

  it('supervisor: no 待办 or 导入 in the menu, and opened by address they say why', async () => {
    const page = await signedIn('140000', 'supervisor');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '督办' }).waitFor();
    expect(await nav.getByRole('link', { name: '待办' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: '导入通知' }).count()).toBe(0);
    for (const route of ['/inbox', '/inbox/done', '/import']) {
      await page.goto(`${e2e.stack.baseUrl}${route}`);
      await page.getByRole('heading', { name: '督查人员不办理公文', level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: '前往督办' }).count()).toBe(1);
    }
    await screenshot(page, 'desk-supervisor-01-not-for-supervisors');
  });
});
