import type { Browser, Page } from 'playwright-core';
import { ok } from '@cascade/api-client';
import { type MailpitServer, startMailpit } from '../support/mailpit-server';
import { launchChromium, screenshot, signInAs } from './support/chromium';
import { type RunningStack, startRunningStack } from './support/running-stack';

const DAY = 86_400_000;
const MAILBOX = 'bgs@linfen-minzheng.example';

jest.setTimeout(180_000);

async function addSubscription(page: Page, subscription: { unit: string; channel: string; address: string }) {
  const form = page.getByRole('form', { name: '添加订阅' });
  await form.getByLabel('单位代码').fill(subscription.unit);
  await form.getByLabel('渠道').selectOption({ label: subscription.channel });
  await form.getByLabel('地址').fill(subscription.address);
  // Outside office hours only urgent 督办 would go out; the test must not depend on the hour it runs at.
  await form.getByLabel(/非工作时间/).uncheck();
  await form.getByRole('button', { name: '添加订阅' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `${subscription.channel}订阅` })
    .waitFor();
}

/**
 * 消息设置 as the system administrator uses it: subscribes a city by e-mail (a real SMTP server receives the
 * message) and by SMS (no provider is configured here, so it goes to the dead letters), then retries the dead one.
 */
describe('消息设置 in Chromium against the running system', () => {
  let stack: RunningStack;
  let browser: Browser;
  let mailpit: MailpitServer;
  const savedSmtp = process.env.CASCADE_SMTP_URL;

  beforeAll(async () => {
    mailpit = await startMailpit();
    process.env.CASCADE_SMTP_URL = `smtp://127.0.0.1:${mailpit.smtpPort}`;
    browser = await launchChromium();
    stack = await startRunningStack();
  }, 240_000);

  afterAll(async () => {
    if (savedSmtp === undefined) delete process.env.CASCADE_SMTP_URL;
    else process.env.CASCADE_SMTP_URL = savedSmtp;
    await browser?.close();
    await stack?.close();
    await mailpit?.dispose();
  });

  it('adds subscriptions, shows what was sent and what failed, and retries a dead letter', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await signInAs(page, stack, '140000', 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '消息设置' }).click();
    await page.getByRole('heading', { name: '消息设置', level: 1 }).waitFor();
    expect(await page.title()).toContain('消息设置');
    await page.getByText('还没有订阅').waitFor();

    await addSubscription(page, { unit: '141000', channel: '电子邮件', address: MAILBOX });
    await addSubscription(page, { unit: '141000', channel: '短信', address: '13800000000' });
    const rows = page.getByTestId('subscription-row');
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('临汾市民政局');
    expect(await rows.first().textContent()).toContain('新公文待签收');

    const issued = await ok(
      stack.client('140000').POST('/api/directives', {
        body: {
          docNumber: '晋民函〔2024〕301号',
          title: '关于报送消息订阅测试情况的通知',
          issuerUnit: '140000',
          recipients: ['141000'],
          deadline: new Date(Date.now() + 20 * DAY).toISOString(),
        },
      }),
    );
    expect(issued.id).toBeTruthy();

    // The e-mail reaches the real SMTP server, once.
    const deadline = Date.now() + 60_000;
    let mails = await mailpit.messages();
    while (!mails.some((mail) => mail.To.some((to) => to.Address === MAILBOX)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      mails = await mailpit.messages();
    }
    const received = mails.filter((mail) => mail.To.some((to) => to.Address === MAILBOX));
    expect(received).toHaveLength(1);
    expect(received[0].Subject).toContain('关于报送消息订阅测试情况的通知');

    // The SMS has no provider here: it is a dead letter with the reason.
    const deliveries = page.getByRole('region', { name: '投递记录' });
    const deadRow = deliveries.getByTestId('delivery-row').filter({ hasText: '13800000000' });
    await page.reload();
    await deadRow.waitFor({ timeout: 30_000 });
    expect(await deadRow.textContent()).toContain('未配置');
    await screenshot(page, 'notification-admin-dead-letters');

    await deadRow.getByRole('checkbox').check();
    await deliveries.getByRole('button', { name: /重试所选（1）/ }).click();
    await deliveries.getByRole('status').filter({ hasText: '已重新排队 1 条' }).waitFor();

    await deliveries.getByLabel('状态').selectOption({ label: '已发送' });
    await deliveries.getByTestId('delivery-row').filter({ hasText: MAILBOX }).waitFor();

    // 停用 changes the subscription in place.
    await rows.first().getByRole('button', { name: /^停用/ }).click();
    await rows.first().getByText('已停用').waitFor();
    await screenshot(page, 'notification-admin');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells a unit clerk that the settings belong to the administrator', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, stack, '141000');
    expect(await page.getByRole('link', { name: '消息设置' }).count()).toBe(0);
    await page.goto(`${stack.baseUrl}/admin/notifications`);
    await page.getByText('由系统管理员管理').waitFor();
    await context.close();
  });
});
