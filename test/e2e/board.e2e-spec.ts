import { workflowIds } from '@cascade/contracts';
import { formatDateTime } from '../../apps/web/src/format';
import { screenshot } from './support/chromium';
import { shanghaiInput, useE2eSuite } from './support/e2e-fixture';

const DAY = 86_400_000;
const MINUTE = 60_000;

jest.setTimeout(180_000);

/** The 督办 loop in Chromium: what one person does shows on another's open page, pushed, without a reload. */
describe('督办 and deadlines, live across roles, in Chromium', () => {
  const e2e = useE2eSuite();
  const signedIn = (unitCode: string, role: 'clerk' | 'supervisor' | 'leader', route?: string) =>
    e2e.signedIn(unitCode, role, { route });

  it('province supervisor: 督办 board → 催办 → the county sees the 催办 without reload', async () => {
    // A person reads the messages that arrive after their account exists: the clerk is there before the notice.
    const county = await signedIn('141002', 'clerk', '/inbox');
    await e2e.issue({
      docNumber: '临市民电〔2024〕8号',
      title: '关于立即报送督办测试情况的通知',
      issuerUnit: '141000',
      recipients: ['141002'],
      deadline: Date.now() + 3000,
      policy: { ackWithin: 'PT1H', ladder: ['PT0S', 'PT2S', 'PT4S'] },
    });
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
    expect(await e2e.stillHere(county)).toBe(true);
    expect(await e2e.stillHere(supervisor)).toBe(true);
    await screenshot(county, 'board-county-urged');
  });

  it('leader: approves a county’s extension in 待审批, and the county’s open 处理笺 shows the new deadline', async () => {
    const title = '关于报送延期测试情况的通知';
    const first = Date.now() + 10 * DAY;
    // A datetime-local input holds minutes.
    const later = Math.floor((Date.now() + 15 * DAY) / MINUTE) * MINUTE;
    const issued = await e2e.issue({
      docNumber: '临市民函〔2024〕92号',
      title,
      issuerUnit: '141000',
      recipients: ['141002'],
      deadline: first,
    });
    const id = workflowIds.assignment(issued.id, '141002');
    const county = await signedIn('141002', 'clerk', `/assignments/${encodeURIComponent(id)}`);
    await county.getByRole('heading', { name: title, level: 1 }).waitFor();
    await county.getByRole('button', { name: `签收 ${title}` }).click();
    await county.getByRole('status').filter({ hasText: '已签收：临市民函〔2024〕92号' }).waitFor();
    await county.getByRole('button', { name: `申请延期 ${title}` }).click();
    await county.getByLabel('申请延至（北京时间）').fill(shanghaiInput(later));
    await county.getByLabel('延期理由').fill('需汇总乡镇数据');
    await county.getByRole('button', { name: '提交延期申请' }).click();
    await county.getByTestId('extension-pending').waitFor();
    const deadline = county.locator('dd').filter({ has: county.getByTestId('left-报送期限') });
    expect(await deadline.locator('time').textContent()).toBe(formatDateTime(new Date(first)));

    // The leader of the issuing unit: 待审批 in the menu, the request there, approved on screen.
    const leader = await signedIn('141000', 'leader');
    await leader.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '待审批' }).click();
    await leader.getByRole('heading', { name: /^待审批/, level: 1 }).waitFor();
    expect(await leader.title()).toContain('待审批');
    const request = leader.getByTestId('extension-request').filter({ hasText: '尧都区民政局' });
    await request.getByRole('link', { name: `临市民函〔2024〕92号 ${title}` }).waitFor();
    await request.getByText(`申请延至 ${formatDateTime(new Date(later))}`).waitFor();
    await request.getByText('理由：需汇总乡镇数据').waitFor();
    await screenshot(leader, 'board-leader-approvals');
    await request.getByRole('button', { name: '批准 尧都区民政局 的延期申请：临市民函〔2024〕92号' }).click();
    await leader.getByRole('status').filter({ hasText: '已批准 尧都区民政局 的延期申请' }).waitFor();
    await request.waitFor({ state: 'detached' });
    await leader.getByText('没有待审批的延期申请。').waitFor();

    // The county's page, never reloaded, moves to the new deadline.
    await deadline
      .locator('time')
      .filter({ hasText: formatDateTime(new Date(later)) })
      .waitFor({ timeout: 30_000 });
    await county.getByText(`延期申请（至 ${formatDateTime(new Date(later))}）已批准`).waitFor();
    expect(await county.getByTestId('extension-pending').count()).toBe(0);
    expect(await e2e.stillHere(county)).toBe(true);
    expect(e2e.pageErrors).toEqual([]);
    await screenshot(county, 'board-extension-approved');
  });
});
