import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { ok } from '@cascade/api-client';
import { workflowIds } from '@cascade/contracts';
import { DESKTOP, PHONE, useE2eSuite } from './support/e2e-fixture';

const DAY = 86_400_000;
const WIDTHS = [DESKTOP, PHONE];

jest.setTimeout(240_000);

/** Violations that block people: axe-core's serious and critical ones, by rule and the first elements. */
async function blockingViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/** Every page of the dashboard, for each role that has it, at a desktop and a phone width: axe-core finds nothing serious. */
describe('accessibility of every page (axe-core) in Chromium', () => {
  const e2e = useE2eSuite();
  let directiveId: string;

  /** Signed out, or signed in with 账号 and 密码 as the person of a unit and role. */
  const pageAs = (viewport: { width: number; height: number }, as?: [string, 'clerk' | 'supervisor' | 'leader']) =>
    as ? e2e.signedIn(as[0], as[1], { viewport }) : e2e.newPage({ viewport });

  /** Opens a route and waits for its content: its heading, no loading state, and `ready` when given. */
  async function open(page: Page, route: string, ready?: string) {
    await page.goto(`${e2e.stack.baseUrl}${route}`);
    await page.locator('h1').first().waitFor();
    if (ready) await page.locator(ready).first().waitFor({ timeout: 60_000 });
    await page.locator('.loading').waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    const urgent = await e2e.issue({
      docNumber: '临市民电〔2024〕7号',
      title: '关于报送无障碍检查情况的紧急通知',
      issuerUnit: '141000',
      recipients: ['141002', '141021'],
      deadline: Date.now() + 3000,
      policy: { ackWithin: 'PT1H', ladder: ['PT0S', 'PT2S', 'PT4S'] },
    });
    directiveId = urgent.id;
    const later = await e2e.issue({
      docNumber: '临市民函〔2024〕91号',
      title: '关于开展银龄行动的通知',
      issuerUnit: '141000',
      recipients: ['141002'],
      deadline: Date.now() + 20 * DAY,
    });
    // Something in the leader's 待审批.
    await ok(
      e2e.stack.client('141002').POST('/api/assignments/{id}/extension-requests', {
        params: { path: { id: workflowIds.assignment(later.id, '141002') } },
        body: { newDeadline: new Date(Date.now() + 25 * DAY).toISOString(), reason: '需汇总乡镇数据' },
      }),
    );
  }, 180_000);

  describe.each(WIDTHS)('at $width px', (viewport) => {
    it('the sign-in page', async () => {
      const page = await pageAs(viewport);
      await open(page, '/');
      expect(await blockingViolations(page)).toEqual([]);
    });

    it('an issuing city clerk’s pages, each with its own title', async () => {
      const page = await pageAs(viewport, ['141000', 'clerk']);
      const routes: [string, string?][] = [
        ['/directives', 'main table a'],
        [`/directives/${encodeURIComponent(directiveId)}`, '[data-testid="doc-number"]'],
        ['/board', '[data-testid="board-item"]'],
        ['/import'],
        ['/messages', '[data-testid="message-item"], .empty'],
      ];
      const titles = new Set<string>();
      for (const [route, ready] of routes) {
        await open(page, route, ready);
        expect({ route, violations: await blockingViolations(page) }).toEqual({ route, violations: [] });
        titles.add(await page.title());
      }
      expect(titles.size).toBe(routes.length);
    });

    it('a county clerk’s 待办 and a province supervisor’s 督办', async () => {
      const county = await pageAs(viewport, ['141002', 'clerk']);
      await open(county, '/inbox', '[data-testid="inbox-item"]');
      expect(await blockingViolations(county)).toEqual([]);
      const supervisor = await pageAs(viewport, ['140000', 'supervisor']);
      await open(supervisor, '/board', '[data-testid="board-item"]');
      expect(await blockingViolations(supervisor)).toEqual([]);
    });

    it('a leader’s 待审批', async () => {
      const leader = await pageAs(viewport, ['141000', 'leader']);
      await open(leader, '/approvals', '[data-testid="extension-request"]');
      expect(await blockingViolations(leader)).toEqual([]);
    });
  });
});
