import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok } from '@cascade/api-client';
import { docxOf } from '@cascade/domain/notice-files/notice-file-fixtures';
import { workflowIds } from '@cascade/contracts';
import { noticePdf } from '../../apps/cli/src/demo/demo-pdf';
import { sha256, storeFile } from '../support/stored-files';
import { screenshot, signIn } from './support/chromium';
import { shanghaiInput, useE2eSuite } from './support/e2e-fixture';

const SEED = fs.readFileSync(
  path.resolve(__dirname, '../../libs/domain/src/notice/fixtures/seed-linfen-89-shanxi-169.txt'),
  'utf8',
);
const COUNTIES = 17;
const DAY = 86_400_000;
// Browser-side: the 正文 iframe's blob, to see the PDF the page shows.
const BODY_PDF = `(async () => {
  const frame = document.querySelector('[data-testid="body-pdf"]');
  if (!frame || !frame.src.startsWith('blob:')) return null;
  const blob = await (await fetch(frame.src)).blob();
  const head = new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer());
  return { type: blob.type, size: blob.size, head };
})()`;
const XSS_TITLE = '<img src=x onerror=alert(1)><script>alert(2)</script>关于测试的通知';
const XSS_REPORT = '<img src=x onerror=alert(3)>已完成学习<script>alert(4)</script>';

// Browser-side snippets as strings: the root tsconfig has no DOM types.
const HORIZONTAL_OVERFLOW = 'document.documentElement.scrollWidth - document.documentElement.clientWidth';
const UNLABELLED_CONTROLS = `[...document.querySelectorAll('input, select, textarea, button')]
  .filter((e) => !((e.labels && e.labels.length > 0) || e.getAttribute('aria-label') || (e.tagName === 'BUTTON' && e.textContent.trim())))
  .map((e) => e.outerHTML.slice(0, 80))`;

jest.setTimeout(120_000);

describe('the dashboard in Chromium against the running system', () => {
  const e2e = useE2eSuite();
  const dialogs = e2e.dialogs;
  let seedId: string;

  /** Signed in with a browser in Berlin: the dashboard shows Beijing time whatever the browser's zone. */
  const signedIn = (
    unitCode: string,
    role: 'clerk' | 'supervisor' = 'clerk',
    viewport = { width: 1280, height: 800 },
  ) => e2e.signedIn(unitCode, role, { viewport, timezoneId: 'Europe/Berlin' });

  it('serves the SPA at / and keeps unknown /api routes as JSON 404s', async () => {
    const root = await fetch(`${e2e.stack.baseUrl}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('<div id="root">');
    const deep = await fetch(`${e2e.stack.baseUrl}/directives/anything`);
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(`${e2e.stack.baseUrl}/api/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('signs a person in with 账号 and 密码, shows no demo accounts outside demo mode, keeps the session, and signs out', async () => {
    const page = await e2e.newPage({ viewport: { width: 1280, height: 800 } });
    const person = await e2e.stack.person('141000');
    await page.goto(e2e.stack.baseUrl);
    await page.getByLabel('账号').waitFor();
    expect(await page.getByRole('heading', { name: '演示账号' }).count()).toBe(0);
    expect(await page.getByText('令牌', { exact: false }).filter({ visible: true }).count()).toBe(0);
    await screenshot(page, '01-sign-in');
    await page.getByLabel('账号').fill(person.login);
    await page.getByLabel('密码', { exact: true }).fill('Wrong2026password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
    await page.getByLabel('密码', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page
      .getByTestId('who')
      .filter({ hasText: `${person.name} · 临汾市民政局 · 收文员` })
      .waitFor();
    // The session lives in an HttpOnly cookie: no script can read it, and nothing is in localStorage.
    expect(await page.evaluate<string>('document.cookie')).toBe('');
    expect(await page.evaluate<string | null>("localStorage.getItem('cascade.token')")).toBeNull();
    await page.reload();
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByLabel('账号').waitFor();
    await page.reload();
    await page.getByLabel('账号').waitFor();
  });

  it('changes the password in 修改密码, after which the old one no longer signs in', async () => {
    const page = await e2e.newPage({ viewport: { width: 1280, height: 800 } });
    const person = await e2e.stack.person('140000', 'leader');
    await signIn(page, e2e.stack.baseUrl, person.login, person.password);
    await page.getByRole('link', { name: '修改密码' }).click();
    await page.getByLabel('当前密码').fill(person.password);
    await page.getByLabel('新密码', { exact: true }).fill('Shanxi2026newpass');
    await page.getByLabel('再次输入新密码').fill('Shanxi2026newpass');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor();
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByLabel('账号').fill(person.login);
    await page.getByLabel('密码', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
    await signIn(page, e2e.stack.baseUrl, person.login, 'Shanxi2026newpass');
  });

  it('imports the seed notice from pasted text and issues it to the matched counties', async () => {
    const page = await signedIn('141000');
    await page.getByRole('link', { name: '导入通知' }).click();
    await page.getByLabel('通知全文').fill(SEED);
    await page.getByRole('button', { name: '解析' }).click();
    await expect(page.getByLabel('文号').inputValue()).resolves.toBe('临市民函〔2024〕89号');
    expect(await page.getByLabel('标题').inputValue()).toContain('银龄行动');
    await page.getByText('“各县（市、区）民政局” → 17 个单位').waitFor();
    // The province's 11月20日 is context (上级来文要求), not the city's deadline: the city's own
    // duty is the yearly activity, due by the end of this year (the seed has no 落款 date).
    const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(await page.getByLabel('报送期限（北京时间）').inputValue()).toBe(`${thisYear}-12-31T23:59`);
    await page
      .getByRole('group', { name: '上级来文要求' })
      .getByText('请于 11 月 20 日前以电子版形式报省老龄办', { exact: false })
      .waitFor();
    await page.getByLabel('报送期限（北京时间）').fill(shanghaiInput(Date.now() + 10 * DAY));
    await screenshot(page, '02-import-draft');
    await page.getByRole('button', { name: `发文（主送 ${COUNTIES} 个单位）` }).click();
    await page.waitForURL(/\/directives\/[0-9a-f-]{36}$/);
    seedId = page.url().split('/').pop()!;
    await page.getByTestId('doc-number').filter({ hasText: '临市民函〔2024〕89号' }).waitFor();
    await page
      .getByTestId('counts')
      .filter({ hasText: `共 ${COUNTIES} 个单位：待签收 ${COUNTIES}` })
      .waitFor();
    expect(await page.locator('.tree > li').count()).toBe(COUNTIES);
  });

  it('imports the seed notice from a DOCX file', async () => {
    const page = await signedIn('141000');
    await page.getByRole('link', { name: '导入通知' }).click();
    await page.getByLabel('通知文件', { exact: false }).setInputFiles({
      name: '临市民函〔2024〕89号.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await docxOf(SEED),
    });
    await expect(page.getByLabel('文号').inputValue()).resolves.toBe('临市民函〔2024〕89号');
    expect(await page.getByLabel('通知全文').inputValue()).toContain('请于 11 月 20 日前以电子版形式报省老龄办');
  });

  it('lets a county clerk acknowledge and report from the 待办 inbox; the report text is shown as text', async () => {
    const page = await signedIn('141002');
    await page.getByRole('heading', { name: '待办' }).waitFor();
    const item = page.getByTestId('inbox-item').filter({ hasText: '临市民函〔2024〕89号' });
    await item.getByText('剩余', { exact: false }).waitFor();
    await screenshot(page, '03-inbox-delivered');
    await item.getByRole('button', { name: /^签收/ }).click();
    await item.getByText('已签收').first().waitFor();
    await item.getByRole('button', { name: '报送' }).click();
    await item.getByLabel('报送内容').fill(XSS_REPORT);
    await screenshot(page, '04-inbox-report-form');
    await item.getByRole('button', { name: '提交报送' }).click();
    await page.getByRole('status').filter({ hasText: '已报送：临市民函〔2024〕89号' }).waitFor();
    await item.waitFor({ state: 'detached', timeout: 15_000 });
    // Another county only acknowledges: the chart then has three bands.
    const other = await ok(
      e2e.stack.client('141021').POST('/api/assignments/{id}/acknowledge', {
        params: { path: { id: `assignment:${seedId}:141021` } },
        body: {},
      }),
    );
    expect(other.status).toBe('ACKNOWLEDGED');
  });

  it('updates the directive page (tree, chart, timeline) without a reload', async () => {
    const page = await signedIn('141000');
    await page.goto(`${e2e.stack.baseUrl}/directives/${seedId}`);
    await page.locator('.tree li[data-unit="141002"][data-status="REPORTED"]').waitFor({ timeout: 15_000 });
    await page.locator('.tree li[data-unit="141021"][data-status="ACKNOWLEDGED"]').waitFor({ timeout: 15_000 });
    await page.locator('svg rect[data-band="reported"]').first().waitFor();
    const reportedBars = await page
      .locator('svg rect[data-band="reported"]')
      .evaluateAll((rects) => rects.map((r) => r.getAttribute('data-value')));
    expect(reportedBars).toContain('1');
    await page.getByTestId('counts').filter({ hasText: '已报送 1' }).waitFor();
    const timeline = page.getByRole('list', { name: '留痕时间线' });
    await timeline.getByText(XSS_REPORT).waitFor();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // docs/screenshots/dashboard.png is a copy of this one, refreshed by hand: tests never write the tree.
    await screenshot(page, '05-directive');

    // The county's page updates as the city's does: report in the API, see it appear.
    const before = await page.getByTestId('counts').textContent();
    expect(before).toContain('已签收 1');
    await ok(
      e2e.stack.client('141021').POST('/api/assignments/{id}/report', {
        params: { path: { id: `assignment:${seedId}:141021` } },
        body: { content: '', zeroReport: true },
      }),
    );
    await page.getByTestId('counts').filter({ hasText: '已报送 2' }).waitFor({ timeout: 15_000 });

    // 汇总表 downloads with the bearer token.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载汇总表（Excel）' }).click();
    expect((await download).suggestedFilename()).toBe('汇总表-临市民函〔2024〕89号.xlsx');
  });

  it('pre-fills the forward form with the subordinates and a proposed deadline, and warns on 层层加码', async () => {
    const issued = await ok(
      e2e.stack.client('140000').POST('/api/directives', {
        body: {
          docNumber: '晋民函〔2024〕169号',
          title: XSS_TITLE,
          issuerUnit: '140000',
          recipients: ['141000', '140100'],
          deadline: new Date(Date.now() + 20 * DAY).toISOString(),
        },
      }),
    );
    const page = await signedIn('141000');
    const item = page.getByTestId('inbox-item').filter({ hasText: '晋民函〔2024〕169号' });
    await item.getByRole('button', { name: /^签收/ }).click();
    await item.getByRole('button', { name: '转发' }).click();
    const form = item.getByRole('form', { name: /^转发/ });
    await form.getByText('建议下级期限', { exact: false }).waitFor();
    const checked = await form.getByRole('checkbox', { checked: true }).count();
    expect(checked).toBe(COUNTIES);
    expect(await form.getByLabel('下级报送期限（北京时间）').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T23:59$/);
    await form.getByText('转发期限合理', { exact: false }).waitFor();
    await form.getByLabel('下级报送期限（北京时间）').fill(shanghaiInput(Date.now() + 2 * DAY));
    await form.getByText('层层加码', { exact: false }).first().waitFor();
    await form.getByLabel('转发文号').fill('临市民函〔2024〕89号');
    await screenshot(page, '06-forward-form');
    await form.getByRole('button', { name: `转发给 ${COUNTIES} 个单位` }).click();
    await item.getByText('已转发').first().waitFor();

    // The title with markup is text on the directive page; no script ran.
    await page.goto(`${e2e.stack.baseUrl}/directives/${issued.id}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '关于测试的通知' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(XSS_TITLE);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.locator('.tree li[data-unit="141000"] li[data-unit="141002"]').first().waitFor({ timeout: 15_000 });
    await screenshot(page, '07-directive-xss-title-and-forward');
    await page.getByRole('link', { name: '公文' }).click();
    await page.getByRole('link', { name: XSS_TITLE, exact: true }).waitFor();
    expect(dialogs).toEqual([]);
  });

  it('shows an overdue unit on the 督办 board with its level once a short deadline passes', async () => {
    const issued = await ok(
      e2e.stack.client('140000').POST('/api/directives', {
        body: {
          docNumber: '晋民电〔2024〕1号',
          title: '关于紧急报送情况的通知',
          issuerUnit: '140000',
          recipients: ['141000', '140200'],
          deadline: new Date(Date.now() + 4000).toISOString(),
          policy: { ackWithin: 'PT1H', ladder: ['PT0S', 'PT2S', 'PT4S'] },
        },
      }),
    );
    const params = { path: { id: `assignment:${issued.id}:140200` } };
    await ok(e2e.stack.client('140200').POST('/api/assignments/{id}/acknowledge', { params, body: {} }));
    await ok(e2e.stack.client('140200').POST('/api/assignments/{id}/report', { params, body: { content: '已报送' } }));

    const page = await signedIn('140000', 'supervisor');
    await page.getByRole('heading', { name: '督办' }).waitFor();
    const overdue = page
      .locator(`[data-testid="board-item"][data-unit="141000"]`)
      .filter({ hasText: '关于紧急报送情况的通知' });
    await overdue.filter({ hasText: '通报' }).first().waitFor({ timeout: 30_000 });
    // One row per unit and document, at its current level.
    expect(await overdue.count()).toBe(1);
    expect(await page.locator(`[data-testid="board-item"][data-unit="140200"]`).count()).toBe(0);
    await overdue.first().locator('.card-meta').filter({ hasText: '逾期未报送' }).waitFor();

    await page.getByLabel('督办级别').selectOption('3');
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid="board-item"]')].every((e) => e.getAttribute('data-level') === '3')`,
    );
    await page.getByLabel('地区').selectOption('140200');
    await page.getByText('没有未办结的督办事项。').waitFor();
    await page.getByLabel('地区').selectOption('141000');
    await page.getByLabel('公文').selectOption(issued.id);
    await overdue.first().waitFor();
    await page.getByLabel('督办级别').selectOption('');
    await overdue.first().waitFor();
    await screenshot(page, '08-board');

    await overdue.first().getByRole('button', { name: /^催办/ }).click();
    await overdue.first().locator('.success, .error').waitFor();
    expect(await overdue.first().locator('.success, .error').textContent()).toMatch(/催办/);
    await overdue.first().getByTestId('urge-cooldown').waitFor();
    await screenshot(page, '09-board-urged');
  });

  it('works at a phone-sized window', async () => {
    const page = await signedIn('141002', 'clerk', { width: 390, height: 844 });
    await page.getByRole('heading', { name: '待办' }).waitFor();
    await page.getByTestId('inbox-item').first().waitFor();
    const overflow = await page.evaluate<number>(HORIZONTAL_OVERFLOW);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '10-phone-inbox');
    await page.goto(`${e2e.stack.baseUrl}/directives/${seedId}`);
    await page.getByTestId('doc-number').waitFor();
    expect(await page.evaluate<number>(HORIZONTAL_OVERFLOW)).toBeLessThanOrEqual(0);
    await screenshot(page, '11-phone-directive');
  });

  it('labels every control', async () => {
    const page = await signedIn('141000');
    for (const route of ['/inbox', '/directives', '/board', '/import', `/directives/${seedId}`]) {
      await page.goto(`${e2e.stack.baseUrl}${route}`);
      await page.locator('main h1').first().waitFor();
      const unlabelled = await page.evaluate<string[]>(UNLABELLED_CONTROLS);
      expect({ route, unlabelled }).toEqual({ route, unlabelled: [] });
    }
  });

  describe('documents: 正文 inline, 附件, 上级来文 and report files', () => {
    let d1: string;
    let d2: string;

    beforeAll(async () => {
      const pdf = (docNumber: string, title: string, issuerName: string) =>
        noticePdf({
          issuerName,
          docNumber,
          title,
          paragraphs: [`${title}。请于期限前以电子版形式报送。`],
          closing: [issuerName],
        });
      const provinceBody = await storeFile(
        e2e.stack,
        '140000',
        '晋民函〔2024〕169号.pdf',
        await pdf('晋民函〔2024〕169号', '关于开展老年志愿服务的通知', '山西省民政厅'),
      );
      const cityBody = await storeFile(
        e2e.stack,
        '141000',
        '临市民函〔2024〕95号.pdf',
        await pdf('临市民函〔2024〕95号', '关于转发开展老年志愿服务的通知', '临汾市民政局'),
      );
      const issued = await ok(
        e2e.stack.client('140000').POST('/api/directives', {
          body: {
            docNumber: '晋民函〔2024〕169号',
            title: '关于开展老年志愿服务的通知',
            issuerUnit: '140000',
            recipients: ['141000'],
            deadline: new Date(Date.now() + 20 * DAY).toISOString(),
            documents: { bodyFileId: provinceBody.fileId },
          },
        }),
      );
      d1 = issued.id;
      const forwarded = await ok(
        e2e.stack.client('141000').POST('/api/assignments/{id}/forward', {
          params: { path: { id: workflowIds.assignment(d1, '141000') } },
          body: {
            docNumber: '临市民函〔2024〕95号',
            title: '关于转发开展老年志愿服务的通知',
            recipients: ['141002'],
            deadline: new Date(Date.now() + 10 * DAY).toISOString(),
            documents: { bodyFileId: cityBody.fileId },
          },
        }),
      );
      d2 = forwarded.forward!.directiveId;
    });

    it('shows the 正文 PDF inline, the upstream notice as 附件, and a working 上级来文 link', async () => {
      const page = await signedIn('141002');
      await page.goto(`${e2e.stack.baseUrl}/directives/${d2}`);
      await page.getByRole('heading', { name: '正文与附件' }).waitFor();
      await page.getByTestId('body-pdf').waitFor();
      await expect(page.evaluate(BODY_PDF)).resolves.toEqual(
        expect.objectContaining({ type: 'application/pdf', head: '%PDF-' }),
      );
      await page.getByRole('list', { name: '附件' }).getByRole('button', { name: '晋民函〔2024〕169号.pdf' }).waitFor();
      await screenshot(page, 'documents-01-body-inline');
      await page
        .getByRole('list', { name: '上级来文' })
        .getByRole('link', { name: /晋民函〔2024〕169号/ })
        .click();
      await page.getByTestId('doc-number').filter({ hasText: '晋民函〔2024〕169号' }).waitFor();
      await page.getByTestId('body-pdf').waitFor();
    });

    it('a county uploads a PDF with its report; the city downloads the same bytes', async () => {
      const county = await signedIn('141002');
      const item = county.getByTestId('inbox-item').filter({ hasText: '临市民函〔2024〕95号' });
      await item.getByRole('button', { name: /^签收/ }).click();
      await item.getByText('已签收').first().waitFor();
      await item.getByRole('button', { name: '报送' }).click();
      await item.getByLabel('报送内容').fill('已完成，详见附件。');
      const report = await noticePdf({
        issuerName: '尧都区民政局',
        docNumber: '',
        title: '尧都区民政局情况报告',
        paragraphs: ['已组织开展老年志愿服务活动两次。'],
        closing: ['尧都区民政局'],
      });
      await item
        .getByLabel('报送材料（电子版）')
        .setInputFiles({ name: '尧都区情况报告.pdf', mimeType: 'application/pdf', buffer: report });
      await item.getByRole('button', { name: '提交报送' }).click();
      await county.getByRole('status').filter({ hasText: '已报送：临市民函〔2024〕95号' }).waitFor();

      const city = await signedIn('141000');
      await city.goto(`${e2e.stack.baseUrl}/directives/${d2}`);
      const file = city.getByTestId('reports-141002').getByRole('button', { name: '尧都区情况报告.pdf' });
      await file.waitFor({ timeout: 15_000 });
      await screenshot(city, 'documents-02-report-files');
      const [download] = await Promise.all([city.waitForEvent('download'), file.click()]);
      expect(download.suggestedFilename()).toBe('尧都区情况报告.pdf');
      expect(sha256(fs.readFileSync(await download.path()))).toBe(sha256(report));

      const [zip] = await Promise.all([
        city.waitForEvent('download'),
        city.getByRole('button', { name: '下载全部报送材料 (ZIP)' }).click(),
      ]);
      expect(zip.suggestedFilename()).toBe('临市民函〔2024〕95号-报送材料.zip');
      expect(
        fs
          .readFileSync(await zip.path())
          .subarray(0, 2)
          .toString('latin1'),
      ).toBe('PK');
    });
  });
});
