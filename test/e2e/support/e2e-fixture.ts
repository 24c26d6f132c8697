import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type ApiSchemas, ok } from '@cascade/api-client';
import type { ApiRole } from '@cascade/persistence';
import { launchChromium, signInAs } from './chromium';
import { type RunningStack, startRunningStack } from './running-stack';

export interface Viewport {
  width: number;
  height: number;
}

export const DESKTOP: Viewport = { width: 1366, height: 900 };
export const PHONE: Viewport = { width: 390, height: 844 };
/** Beijing wall time for an <input type="datetime-local">. */
export const shanghaiInput = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

export interface PageOptions {
  viewport?: Viewport;
  /** The browser's zone; the dashboard shows Beijing time whatever it is. */
  timezoneId?: string;
}

export interface SignedInOptions extends PageOptions {
  /** Opened after signing in; the page's home otherwise. */
  route?: string;
}

/** One running system and one Chromium for a suite, with signed-in pages in their own browser contexts. */
export interface E2eSuite {
  readonly stack: RunningStack;
  readonly browser: Browser;
  /** Uncaught errors of every page opened (pageerror). */
  readonly pageErrors: string[];
  /** Messages of alert/confirm dialogs, each dismissed. */
  readonly dialogs: string[];
  /** A fresh page in its own context: zh-CN, Asia/Shanghai unless told, desktop width unless told. */
  newPage(options?: PageOptions): Promise<Page>;
  /**
   * A page signed in with 账号 and 密码 as the person of a unit and role; it marks itself so that
   * `stillHere` tells whether it was ever reloaded since.
   */
  signedIn(unitCode: string, role?: ApiRole, options?: SignedInOptions): Promise<Page>;
  stillHere(page: Page): Promise<boolean>;
  /** Issues a directive through the API as its issuer's clerk; `deadline` in epoch ms. */
  issue(directive: Omit<ApiSchemas['CreateDirectiveDto'], 'deadline'> & { deadline: number }): Promise<{ id: string }>;
}

/**
 * Starts the system and Chromium before the suite's tests (beforeAll) and stops both after them (afterAll):
 * call it at the top of a describe block.
 */
export function useE2eSuite(): E2eSuite {
  let stack: RunningStack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    [browser, stack] = await Promise.all([launchChromium(), startRunningStack()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    await browser?.close();
    await stack?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('The e2e suite has not started: use its pages inside tests.');
    return value;
  };

  const suite: E2eSuite = {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
    pageErrors,
    dialogs,
    async newPage({ viewport = DESKTOP, timezoneId = 'Asia/Shanghai' } = {}) {
      const context = await suite.browser.newContext({ viewport, locale: 'zh-CN', timezoneId });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      return page;
    },
    async signedIn(unitCode, role = 'clerk', { route, ...options } = {}) {
      const page = await suite.newPage(options);
      await signInAs(page, suite.stack, unitCode, role);
      if (route) {
        await page.goto(`${suite.stack.baseUrl}${route}`);
        await page.getByRole('navigation', { name: '主导航' }).waitFor();
      }
      await page.evaluate('window.__stillHere = true');
      return page;
    },
    stillHere: (page) => page.evaluate('window.__stillHere === true') as Promise<boolean>,
    issue: ({ deadline, ...directive }) =>
      ok(
        suite.stack.client(directive.issuerUnit).POST('/api/directives', {
          body: { ...directive, deadline: new Date(deadline).toISOString() },
        }),
      ),
  };
  return suite;
}
