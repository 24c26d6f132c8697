import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { ApiRole } from '@cascade/persistence';
import type { RunningStack } from './running-stack';

/** Debian's Chromium (scripts/provision-chromium.sh); Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CASCADE_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--lang=zh-CN',
];
/**
 * A Chinese browser, as a clerk's is: on Linux Chromium takes its UI locale (date inputs as 年/月/日, not
 * mm/dd/yyyy) from LANGUAGE, with the zh-CN strings of chromium-l10n (scripts/provision-chromium.sh). LANG
 * stays: a zh_CN LANG that the system does not have turns Chinese download names into "download".
 */
const CHROMIUM_ENV = { ...process.env, LANGUAGE: 'zh_CN' };
export const SCREENSHOTS = path.resolve(__dirname, '../../../test-results/screenshots');

/** Fails (never skips) when Chromium is missing: the dashboard must be tested in a real browser. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: run scripts/provision-chromium.sh (apt-get install -y chromium, needs root). The dashboard e2e tests cannot run without it.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS, env: CHROMIUM_ENV });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs a person in on the dashboard's sign-in page with 账号 and 密码, and waits for the main navigation. */
export async function signIn(page: Page, baseUrl: string, login: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('账号', { exact: true }).fill(login);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/** Signs in as the stack's person of a unit and role (made on first use), as that clerk would. */
export async function signInAs(
  page: Page,
  stack: Pick<RunningStack, 'baseUrl' | 'person'>,
  unitCode: string,
  role?: ApiRole,
): Promise<void> {
  const person = await stack.person(unitCode, role);
  await signIn(page, stack.baseUrl, person.login, person.password);
}
