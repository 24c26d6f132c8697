import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import type { ApiRole } from '@cascade/persistence';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { databaseKinds } from '../support/databases';
import { issueAndForward } from '../support/forward-chain';

const DAY = 86_400_000;
const ROLES: ApiRole[] = ['clerk', 'leader', 'supervisor', 'admin'];
/**
 * Where the caller's unit stands relative to 临汾市民政局 (141000), whose assignment A of the
 * province's directive D1 and whose forward D2 to its counties are the targets.
 */
const RELATIONS = { own: '141000', subordinate: '141002', superior: '140000', unrelated: '140200' } as const;
type Relation = keyof typeof RELATIONS;
/** Expected status for [own, subordinate, superior, unrelated]. */
type Row = [number, number, number, number];

interface Endpoint {
  name: string;
  call(h: ApiHarness, ids: Ids, as?: [string, ApiRole]): Promise<request.Response>;
  expected: Record<ApiRole, Row>;
}
interface Ids {
  d1: string;
  d2: string;
  a: string;
  deadline: string;
}

const sameForActors = (clerk: Row, supervisor: Row, admin: Row): Record<ApiRole, Row> => ({
  clerk,
  leader: clerk,
  supervisor,
  admin,
});
const READ_D2 = sameForActors([200, 200, 200, 404], [200, 200, 200, 404], [200, 200, 200, 200]);
const ACT_ON_A_REFUSED_BY_WORKFLOW = sameForActors([409, 404, 403, 404], [403, 404, 403, 404], [409, 403, 403, 403]);

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /api/directives in the name of 141000 (unknown recipient: 422 once allowed)',
    call: (h, ids, as) =>
      h.post(
        '/api/directives',
        {
          docNumber: '临市民函〔2024〕90号',
          title: '测试',
          issuerUnit: '141000',
          recipients: ['999999'],
          deadline: ids.deadline,
        },
        as,
      ),
    expected: sameForActors([422, 403, 403, 403], [403, 403, 403, 403], [422, 422, 422, 422]),
  },
  {
    name: 'GET /api/directives',
    call: (h, _ids, as) => h.get('/api/directives', as),
    expected: sameForActors([200, 200, 200, 200], [200, 200, 200, 200], [200, 200, 200, 200]),
  },
  {
    name: 'GET /api/directives/:id (D2)',
    call: (h, ids, as) => h.get(`/api/directives/${ids.d2}`, as),
    expected: READ_D2,
  },
  {
    name: 'GET /api/directives/:id/tree (D2)',
    call: (h, ids, as) => h.get(`/api/directives/${ids.d2}/tree`, as),
    expected: READ_D2,
  },
  {
    name: 'GET /api/directives/:id/summary.csv (D2)',
    call: (h, ids, as) => h.get(`/api/directives/${ids.d2}/summary.csv`, as),
    expected: READ_D2,
  },
  {
    name: 'GET /api/directives/:id/summary.xlsx (D2)',
    call: (h, ids, as) => h.download(`/api/directives/${ids.d2}/summary.xlsx`, as),
    expected: READ_D2,
  },
  {
    name: 'GET /api/units/141000/inbox',
    call: (h, _ids, as) => h.get('/api/units/141000/inbox', as),
    expected: sameForActors([200, 404, 404, 404], [200, 404, 200, 404], [200, 200, 200, 200]),
  },
  {
    name: 'GET /api/escalations?under=141000',
    call: (h, _ids, as) => h.get('/api/escalations?under=141000', as),
    expected: sameForActors([200, 404, 200, 404], [200, 404, 200, 404], [200, 200, 200, 200]),
  },
  {
    name: 'POST /api/assignments/:id/acknowledge (A, already acknowledged: 200 again)',
    call: (h, ids, as) => h.post(`/api/assignments/${ids.a}/acknowledge`, {}, as),
    expected: sameForActors([200, 404, 403, 404], [403, 404, 403, 404], [200, 403, 403, 403]),
  },
  {
    name: 'POST /api/assignments/:id/forward (A, already forwarded: 409 once allowed)',
    call: (h, ids, as) =>
      h.post(
        `/api/assignments/${ids.a}/forward`,
        { docNumber: 'x', title: 'x', recipients: ['141022'], deadline: ids.deadline },
        as,
      ),
    expected: ACT_ON_A_REFUSED_BY_WORKFLOW,
  },
  {
    name: 'POST /api/assignments/:id/report (A, empty report: 409 once allowed)',
    call: (h, ids, as) => h.post(`/api/assignments/${ids.a}/report`, { content: '' }, as),
    expected: ACT_ON_A_REFUSED_BY_WORKFLOW,
  },
  {
    name: 'POST /api/assignments/:id/accept (A, not reported: 409 for the issuer)',
    call: (h, ids, as) => h.post(`/api/assignments/${ids.a}/accept`, {}, as),
    expected: sameForActors([403, 404, 409, 404], [403, 404, 403, 404], [403, 403, 409, 403]),
  },
  {
    name: 'POST /api/notices/parse',
    call: (h, _ids, as) =>
      h.post('/api/notices/parse', { text: '临市民函〔2024〕89号\n关于开展活动的通知\n请于11月20日前报送。' }, as),
    expected: sameForActors([200, 200, 200, 200], [200, 200, 200, 200], [200, 200, 200, 200]),
  },
];

describe.each(databaseKinds())('authorization matrix (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  const ids = {} as Ids;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    Object.assign(ids, await issueAndForward(h, await env.currentTimeMs()));
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  const cases = ENDPOINTS.flatMap((endpoint) =>
    ROLES.flatMap((role) =>
      (Object.keys(RELATIONS) as Relation[]).map(
        (relation, i) => [endpoint.name, role, relation, endpoint.expected[role][i], endpoint] as const,
      ),
    ),
  );

  it.each(cases)('%s as %s of the %s unit → %i', async (_name, role, relation, expected, endpoint) => {
    const response = await endpoint.call(h, ids, [RELATIONS[relation], role]);
    const body =
      Buffer.isBuffer(response.body) && response.type === 'application/json'
        ? JSON.parse(response.body.toString('utf8'))
        : response.body;
    expect({ status: response.status, message: response.status >= 400 ? body?.message : undefined }).toEqual({
      status: expected,
      message: expected >= 400 ? expect.any(String) : undefined,
    });
  });

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s without a token → 401', async (_name, endpoint) => {
    expect((await endpoint.call(h, ids)).status).toBe(401);
  });

  it('shows a subordinate only its own node of the forward, and of the province’s directive (上级来文) no other unit', async () => {
    const tree = await h.get(`/api/directives/${ids.d2}/tree`, ['141002', 'clerk']);
    expect(tree.body.nodes.map((n: { unitCode: string }) => n.unitCode)).toEqual(['141002']);
    const upstream = await h.get(`/api/directives/${ids.d1}/tree`, ['141002', 'clerk']);
    expect(upstream.status).toBe(200);
    expect(JSON.stringify(upstream.body.nodes)).not.toMatch(/14010|140200|141021/);
    const list = await h.get('/api/directives', ['141002', 'clerk']);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([ids.d2]);
    const csv = await h.get(`/api/directives/${ids.d2}/summary.csv`, ['141002', 'clerk']);
    expect(csv.text.trim().split('\r\n')).toHaveLength(2);
  });

  it('lists for a supervisor what touches its subtree, for an unrelated unit nothing', async () => {
    const province = await h.get('/api/directives', ['140000', 'supervisor']);
    expect(province.body.items.map((d: { id: string }) => d.id).sort()).toEqual([ids.d1, ids.d2].sort());
    const county = await h.get('/api/directives', ['141002', 'supervisor']);
    expect(county.body.items.map((d: { id: string }) => d.id)).toEqual([ids.d2]);
    expect((await h.get('/api/directives', ['140200', 'clerk'])).body).toEqual({ items: [], total: 0 });
    const tree = await h.get(`/api/directives/${ids.d1}/tree`, ['141000', 'supervisor']);
    expect(tree.body.nodes.map((n: { unitCode: string }) => n.unitCode)).toEqual(['141000']);
    expect(tree.body.nodes[0].children).toHaveLength(2);
  });

  it('rejects invalid, revoked and expired tokens with 401', async () => {
    const tokens = h.app.get((await import('@cascade/persistence')).TokensRepository);
    const revoked = await tokens.create({ unitCode: '141000', role: 'clerk' });
    await tokens.revoke(revoked.id);
    const expired = await tokens.create({ unitCode: '141000', role: 'clerk', expiresAt: Date.now() - 1 });
    const live = await tokens.create({ unitCode: '141000', role: 'clerk', expiresAt: Date.now() + DAY });
    const call = (token: string) =>
      request(h.app.getHttpServer()).get('/api/units/141000/inbox').set('Authorization', `Bearer ${token}`);
    expect((await call('cas_not-a-token')).body).toEqual({
      statusCode: 401,
      message: '令牌无效',
      error: 'Unauthorized',
    });
    expect((await call(revoked.token)).body.message).toBe('令牌已吊销');
    expect((await call(expired.token)).body.message).toBe('令牌已过期');
    expect((await call(live.token)).status).toBe(200);
    expect(
      (await request(h.app.getHttpServer()).get('/api/units/141000/inbox').set('Authorization', `Basic ${live.token}`))
        .status,
    ).toBe(401);
    expect((await request(h.app.getHttpServer()).get('/api/health')).status).toBe(200);
    expect((await request(h.app.getHttpServer()).get('/api/docs-json')).status).toBe(200);
  });
});
