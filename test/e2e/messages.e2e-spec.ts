import type { Browser } from 'playwright-core';
import { ok } from '@cascade/api-client';
import { launchChromium, screenshot, signIn } from './support/chromium';
import { type RunningStack, startRunningStack } from './support/running-stack';

const DAY = 86_400_000;

jest.setTimeout(120_000);

/** The 消息中心: the header's unread count follows the worker's messages live, without a reload. */
describe('the 消息中心 in Chromium against the running system', () => {
  let stack: RunningStack;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startRunningStack();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows a new message in the header badge without reload, lists it with its link, and marks it read', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const person = await stack.person('140100');
    await signIn(page, stack.baseUrl, person.login, person.password);
    await page.getByRole('link', { name: /^消息/ }).waitFor();
    expect(await page.getByTestId('unread-badge').count()).toBe(0);
    // Survives only if the page is never reloaded.
    await page.evaluate('window.__stillHere = true');

    const issued = await ok(
      stack.client('140000').POST('/api/directives', {
        body: {
          docNumber: '晋民函〔2024〕201号',
          title: '关于报送消息中心测试情况的通知',
          issuerUnit: '140000',
          recipients: ['140100'],
          deadline: new Date(Date.now() + 20 * DAY).toISOString(),
        },
      }),
    );

    const badge = page.getByTestId('unread-badge');
    await badge.waitFor({ timeout: 30_000 });
    expect(await badge.textContent()).toBe('1');
    expect(await page.evaluate('window.__stillHere')).toBe(true);
    await screenshot(page, 'messages-badge');

    await page.getByRole('link', { name: /^消息/ }).click();
    const item = page.getByTestId('message-item').filter({ hasText: '待签收' });
    await item.waitFor();
    expect(await item.getByRole('link').getAttribute('href')).toBe(`/directives/${encodeURIComponent(issued.id)}`);
    await item.getByRole('button', { name: '标为已读' }).click();
    await badge.waitFor({ state: 'detached' });
    // The list's own count comes from its refetch, which may land after the pushed badge update.
    await page.getByTestId('messages-unread').filter({ hasText: /^0$/ }).waitFor();
    expect(await page.evaluate('window.__stillHere')).toBe(true);
    await context.close();
  });
});
