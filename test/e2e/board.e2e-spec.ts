import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ok } from '@cascade/api-client';
import { workflowIds } from '@cascade/contracts';
import { formatDateTime } from '../../apps/web/src/format';
import { launchChromium, screenshot } from './support/chromium';
import { type RunningStack, startRunningStack } from './support/running-stack';

const DAY = 86_400_000;

jest.setTimeout(180_000);

/** The 督办 loop in Chromium: what one person does shows on another's open page, pushed, without a reload. */
describe('督办 and deadlines, live across roles, in Chromium', () => {
  let stack: RunningStack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  /** A signed-in page that remembers it was never reloaded (window.__stillHere). */
  async function signedIn(unitCode: string, role: 'clerk' | 'supervisor' | 'leader', route: string): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    const token = await stack.token(unitCode, role);
    await context.addInitScript(`localStorage.setItem('cascade.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}${route}`);
    await page.getByRole('navigation', { name: '主导航' }).waitFor();
    await page.evaluate('window.__stillHere = true');
    return page;
  }

  const stillHere = (page: Page) => page.evaluate('window.__stillHere === true');

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startRunningStack();
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });

  it('province supervisor: 督办 board → 催办 → the county sees the 催办 without reload', async () => {
    await ok(
      stack.client('141000').POST('/api/directives', {
        body: {
          docNumber: '临市民电〔2024〕8号',
          title: '关于立即报送督办测试情况的通知',
          issuerUnit: '141000',
          recipients: ['141002'],
          deadline: new Date(Date.now() + 3000).toISOString(),
          policy: { ackWithin: 'PT1H', ladder: ['PT0S', 'PT2S', 'PT4S'] },
        },
      }),
    );
    const county = await signedIn('141002', 'clerk', '/inbox');
    await county.getByTestId('inbox-item').filter({ hasText: '关于立即报送督办测试情况的通知' }).waitFor();
    await county.getByTestId('unread-badge').waitFor();
    const unread = Number(await county.getByTestId('unread-badge').textContent());

    const supervisor = await signedIn('140000', 'supervisor', '/board');
    const row = supervisor
      .locator('[data-testid="board-item"][data-unit="141002"]')
      .filter({ hasText: '关于立即报送督办测试情况的通知' });
    // One row for the case, climbing to 通报 on the open page.
    await row.filter({ hasText: '通报' }).waitFor({ timeout: 60_000 });
    expect(await row.count()).toBe(1);
    await row.locator('.card-meta').filter({ hasText: '逾期未报送 · 报送期限' }).waitFor();
    await supervisor.getByTestId('board-total').filter({ hasText: '临汾市民政局' }).waitFor();

    await row.getByRole('button', { name: `催办 尧都区民政局：临市民电〔2024〕8号` }).click();
    await row.getByRole('status').filter({ hasText: '已向尧都区民政局发出催办' }).waitFor();
    // The cooldown replaces the button: the next 催办 is announced, not refused.
    await row.getByTestId('urge-cooldown').waitFor();
    expect(await row.getByTestId('urge-cooldown').textContent()).toMatch(/^已催办，可于 .+ 再次催办$/);
    expect(await row.getByRole('button', { name: /^催办/ }).count()).toBe(0);
    await row.locator('.badge.urged').filter({ hasText: '已催办 1 次' }).waitFor();
    await row.locator('summary').click();
    await row.locator('.board-history li').filter({ hasText: '催办（山西省民政厅）' }).waitFor();
    await screenshot(supervisor, 'board-urged');

    // The county's open page: the 消息 badge counts the 催办, and its message is there.
    await county
      .getByTestId('unread-badge')
      .filter({ hasText: String(unread + 1) })
      .waitFor({ timeout: 30_000 });
    await county.getByRole('link', { name: /^消息/ }).click();
    await county.getByTestId('message-item').filter({ hasText: '催办' }).first().waitFor();
    expect(await stillHere(county)).toBe(true);
    expect(await stillHere(supervisor)).toBe(true);
    await screenshot(county, 'board-county-urged');
  });

  it('leader: an approved extension moves the county’s deadline on its open page', async () => {
    const first = Date.now() + 10 * DAY;
    const later = Date.now() + 15 * DAY;
    const issued = await ok(
      stack.client('141000').POST('/api/directives', {
        body: {
          docNumber: '临市民函〔2024〕92号',
          title: '关于报送延期测试情况的通知',
          issuerUnit: '141000',
          recipients: ['141002'],
          deadline: new Date(first).toISOString(),
        },
      }),
    );
    const county = await signedIn('141002', 'clerk', '/inbox');
    const item = county.getByTestId('inbox-item').filter({ hasText: '关于报送延期测试情况的通知' });
    await item.getByText(formatDateTime(new Date(first))).waitFor();

    const id = workflowIds.assignment(issued.id, '141002');
    const state = await ok(
      stack.client('141002').POST('/api/assignments/{id}/extension-requests', {
        params: { path: { id } },
        body: { newDeadline: new Date(later).toISOString(), reason: '需汇总乡镇数据' },
      }),
    );
    const requestId = state.extensionRequests?.at(-1)?.id;
    expect(requestId).toBeTruthy();
    await ok(
      stack.client('141000', 'leader').POST('/api/extension-requests/{id}/approve', {
        params: { path: { id: requestId! } },
        body: { note: '同意' },
      }),
    );

    await item.getByText(formatDateTime(new Date(later))).waitFor({ timeout: 30_000 });
    expect(await item.getByText(formatDateTime(new Date(first))).count()).toBe(0);
    expect(await stillHere(county)).toBe(true);
    await screenshot(county, 'board-extension-approved');
  });
});
