import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const DAY = 86_400_000;
/** The Beijing calendar day of an instant, as the list filters take it. */
const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

interface Item {
  id: string;
  docNumber: string;
  status: string;
  lastUrge: { unitName: string } | null;
}
const docNumbers = (body: { items: Item[] }) => body.items.map((item) => item.docNumber);

describe.each(databaseKinds())('lists of daily work: 待办, 已办, 办结, the 处理笺, 待审批 (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let first: { id: string; deadline: number };
  let second: { id: string; deadline: number };
  const yaodu = (directiveId: string) => workflowIds.assignment(directiveId, '141002');

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    const now = await env.currentTimeMs();
    const issue = async (docNumber: string, title: string, recipients: string[], days: number) => {
      const deadline = now + days * DAY;
      const issued = await h.post(
        '/api/directives',
        { docNumber, title, issuerUnit: '141000', recipients, deadline: new Date(deadline).toISOString() },
        ['141000'],
      );
      expect(issued.status).toBe(201);
      return { id: issued.body.id as string, deadline };
    };
    first = await issue('临市民函〔2026〕1号', '关于养老服务质量提升的通知', ['141002', '141021'], 10);
    second = await issue('临市民函〔2026〕2号', '关于做好困难群众救助工作的通知', ['141002'], 20);
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('待办 lists the unit’s waiting work nearest deadline first, found by 文号 or title, status and deadline, paged', async () => {
    const todo = await h.get('/api/assignments', ['141002']);
    expect(todo.status).toBe(200);
    expect(todo.body.total).toBe(2);
    expect(docNumbers(todo.body)).toEqual(['临市民函〔2026〕1号', '临市民函〔2026〕2号']);
    expect(todo.body.items[0]).toMatchObject({
      id: yaodu(first.id),
      title: '关于养老服务质量提升的通知',
      status: 'DELIVERED',
      issuerUnit: '141000',
      escalationLevel: 0,
      urgeCount: 0,
      lastUrge: null,
    });
    expect(docNumbers((await h.get(`/api/assignments?q=${encodeURIComponent('2号')}`, ['141002'])).body)).toEqual([
      '临市民函〔2026〕2号',
    ]);
    expect(docNumbers((await h.get(`/api/assignments?q=${encodeURIComponent('养老')}`, ['141002'])).body)).toEqual([
      '临市民函〔2026〕1号',
    ]);
    // LIKE wildcards are text, not patterns.
    expect((await h.get(`/api/assignments?q=${encodeURIComponent('%')}`, ['141002'])).body.total).toBe(0);
    expect((await h.get('/api/assignments?status=ACKNOWLEDGED', ['141002'])).body.total).toBe(0);
    const day = beijingDay(first.deadline);
    const ranged = await h.get(`/api/assignments?deadlineFrom=${day}&deadlineTo=${day}`, ['141002']);
    expect(docNumbers(ranged.body)).toEqual(['临市民函〔2026〕1号']);
    const paged = await h.get('/api/assignments?page=2&pageSize=1', ['141002']);
    expect(paged.body).toMatchObject({ total: 2, items: [{ docNumber: '临市民函〔2026〕2号' }] });
    // Another unit's work is not in the list.
    expect(docNumbers((await h.get('/api/assignments', ['141021'])).body)).toEqual(['临市民函〔2026〕1号']);
  });

  it('refuses malformed filters with a Chinese message and 400', async () => {
    const box = await h.get('/api/assignments?box=mine', ['141002']);
    expect(box.status).toBe(400);
    expect(box.body.message).toContain('box');
    const from = await h.get('/api/assignments?deadlineFrom=2026-13-01', ['141002']);
    expect(from.status).toBe(400);
    expect(from.body.message).toContain('deadlineFrom');
    expect((await h.get('/api/directives?deadlineTo=tomorrow', ['141002'])).status).toBe(400);
    expect((await h.get('/api/assignments?deadlineTo=2026-02-30', ['141002'])).status).toBe(400);
    expect((await h.get('/api/assignments')).status).toBe(401);
  });

  it('the 处理笺 shows the state, who urged and when the next 催办 is allowed, and what the caller may do', async () => {
    const id = yaodu(first.id);
    expect((await h.post(`/api/assignments/${id}/urge`, { note: '请尽快签收' }, ['141000'])).status).toBe(200);
    const clerk = await eventually(
      () => h.get(`/api/assignments/${id}`, ['141002']),
      (r) => r.body.urges?.length === 1,
    );
    expect(clerk.status).toBe(200);
    expect(clerk.body).toMatchObject({
      id,
      docNumber: '临市民函〔2026〕1号',
      unitName: '尧都区民政局',
      issuerName: '临汾市民政局',
      hasSubordinates: false,
      urges: [{ by: { unitCode: '141000', role: 'clerk' }, unitName: '临汾市民政局', note: '请尽快签收' }],
      state: { status: 'DELIVERED', urges: { count: 1 } },
    });
    expect(clerk.body.allowedOperations).toEqual(
      expect.arrayContaining(['acknowledge', 'forward', 'report', 'requestExtension']),
    );
    expect(clerk.body.allowedOperations).not.toContain('accept');
    // The default interval is four hours after the urge.
    const urgedAt = Date.parse(clerk.body.urges[0].at);
    expect(Date.parse(clerk.body.nextUrgeAt)).toBe(urgedAt + 4 * 3_600_000);

    const issuer = await h.get(`/api/assignments/${id}`, ['141000', 'leader']);
    expect(issuer.body.allowedOperations).toEqual(
      expect.arrayContaining(['accept', 'return', 'decideExtension', 'urge']),
    );
    expect(issuer.body.allowedOperations).not.toContain('report');
    const city = await h.get(`/api/assignments/${workflowIds.assignment(first.id, '141021')}`, ['141021']);
    expect(city.body.state.urges?.count ?? 0).toBe(0);
    // A sibling county may not read it.
    expect((await h.get(`/api/assignments/${id}`, ['141021'])).status).toBe(404);

    const listed = await h.get('/api/assignments', ['141002']);
    expect(listed.body.items[0]).toMatchObject({ urgeCount: 1, lastUrge: { unitName: '临汾市民政局' } });
  });

  it('a reported assignment moves to 已办, an accepted one to 办结', async () => {
    const id = yaodu(first.id);
    expect((await h.post(`/api/assignments/${id}/acknowledge`, {}, ['141002'])).status).toBe(200);
    expect((await h.post(`/api/assignments/${id}/report`, { content: '已完成' }, ['141002'])).status).toBe(200);
    const done = await eventually(
      () => h.get('/api/assignments?box=done', ['141002']),
      (r) => r.body.total === 1,
    );
    expect(done.body.items[0]).toMatchObject({ id, status: 'REPORTED' });
    expect(docNumbers((await h.get('/api/assignments?box=todo', ['141002'])).body)).toEqual(['临市民函〔2026〕2号']);
    expect((await h.post(`/api/assignments/${id}/accept`, {}, ['141000'])).status).toBe(200);
    const closed = await eventually(
      () => h.get('/api/assignments?box=closed', ['141002']),
      (r) => r.body.total === 1,
    );
    expect(closed.body.items[0]).toMatchObject({ id, status: 'ACCEPTED' });
    expect((await h.get('/api/assignments?box=done', ['141002'])).body.total).toBe(0);
    // A closed assignment still opens as a 处理笺.
    expect((await h.get(`/api/assignments/${id}`, ['141002'])).body.status).toBe('ACCEPTED');
  });

  it('待审批 lists the 延期申请 the issuer decides, until they are decided', async () => {
    const id = yaodu(second.id);
    const asked = new Date(second.deadline + 3 * DAY).toISOString();
    expect((await h.post(`/api/assignments/${id}/acknowledge`, {}, ['141002'])).status).toBe(200);
    const requested = await h.post(
      `/api/assignments/${id}/extension-requests`,
      { newDeadline: asked, reason: '需要走访核实' },
      ['141002'],
    );
    expect(requested.status).toBe(200);
    const pending = await eventually(
      () => h.get(`/api/extension-requests?directiveId=${second.id}`, ['141000', 'leader']),
      (r) => r.body.length === 1,
    );
    expect(pending.body[0]).toMatchObject({
      assignmentId: id,
      unitName: '尧都区民政局',
      reason: '需要走访核实',
      status: 'PENDING',
      requestedDeadline: asked,
      currentDeadline: new Date(second.deadline).toISOString(),
    });
    // The requesting unit decides nothing.
    expect((await h.get('/api/extension-requests', ['141002'])).body).toEqual([]);
    expect((await h.get('/api/extension-requests?status=LATER', ['141000'])).status).toBe(400);
    const approved = await h.post(`/api/extension-requests/${encodeURIComponent(pending.body[0].id)}/approve`, {}, [
      '141000',
      'leader',
    ]);
    expect(approved.status).toBe(200);
    await eventually(
      () => h.get(`/api/extension-requests?directiveId=${second.id}`, ['141000']),
      (r) => r.body.length === 0,
    );
    const decided = await h.get(`/api/extension-requests?status=APPROVED`, ['141000']);
    expect(decided.body.map((r: { assignmentId: string }) => r.assignmentId)).toEqual([id]);
  });

  it('我发出的: the directives a unit issued, within a deadline range', async () => {
    const day = beijingDay(second.deadline);
    const mine = await h.get(`/api/directives?issuer=141000&deadlineFrom=${day}&deadlineTo=${day}`, ['141000']);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((d: { docNumber: string }) => d.docNumber)).toEqual(['临市民函〔2026〕2号']);
    expect(mine.body.total).toBe(1);
  });
});
