import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import request from 'supertest';
import { workflowIds } from '@cascade/contracts';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

/**
 * A fuzzer over every API endpoint: random JSON, wrong types, huge strings, SQL metacharacters,
 * path traversal and markup in ids, bodies and query strings, sent with live tokens. Whatever
 * arrives, the answer is a 2xx/4xx JSON (or the export's file), never a 5xx, and the process keeps
 * serving. How the dashboard renders markup is checked in Chromium by test/e2e/dashboard.e2e-spec.ts
 * (XSS_TITLE, XSS_REPORT); here the API's side: markup comes back verbatim as JSON strings.
 */
// 8 runs per route keep `npm test` within its budget; CASCADE_FUZZ_RUNS=40 (or more) is the deep run.
const RUNS = Number(process.env.CASCADE_FUZZ_RUNS ?? 8);
const DAY = 86_400_000;
const XSS = '<img src=x onerror=alert(1)><script>alert("x")</script>';
const NASTY = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//',
  '/etc/passwd',
  '..\\..\\windows\\win.ini',
  "' OR '1'='1",
  '1; DROP TABLE assignments; --',
  '" OR ""="',
  '%',
  '_',
  '!',
  '\\',
  '`',
  "'); DELETE FROM events; --",
  'UNION SELECT * FROM api_tokens',
  XSS,
  '{{7*7}}',
  '${7*7}',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '𠀀'.repeat(50),
  'NaN',
  '-1',
  '1e400',
  'null',
  'undefined',
  '[]',
  '{}',
  'x'.repeat(70_000),
  '140000',
  '141000',
  'assignment:x:141000',
];

const nasty = fc.constantFrom(...NASTY);
const text = fc.oneof(
  nasty,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Bodies shaped like the DTOs (their field names) with values of any type, or anything at all. */
const FIELDS = [
  'docNumber',
  'title',
  'body',
  'issuerUnit',
  'recipients',
  'deadline',
  'obligations',
  'policy',
  'content',
  'zeroReport',
  'attachments',
  'directiveId',
  'reason',
  'newDeadline',
  'days',
  'note',
  'approve',
  'units',
  'changes',
  'text',
  'issuedOn',
  'holidays',
  'workdays',
];
const body = fc.oneof(fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }), value, fc.constant(undefined));
const segment = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
);
const query = fc.dictionary(
  fc.constantFrom(
    'issuer',
    'status',
    'q',
    'page',
    'pageSize',
    'under',
    'minLevel',
    'open',
    'directive',
    'codes',
    'level',
    'region',
  ),
  text,
  { maxKeys: 4 },
);

type Route = (id: string, valid: Ids) => string;
interface Ids {
  directive: string;
  assignment: string;
  forward: string;
}
const GETS: Route[] = [
  () => '/api/directives',
  (id) => `/api/directives/${id}`,
  (id) => `/api/directives/${id}/tree`,
  (id) => `/api/directives/${id}/summary.csv`,
  (id) => `/api/directives/${id}/summary.xlsx`,
  (id) => `/api/directives/${id}/events`,
  (id) => `/api/units/${id}/inbox`,
  (id) => `/api/units/${id}/children`,
  () => '/api/units/names',
  () => '/api/escalations',
  () => '/api/escalation-board',
  () => '/api/me',
  () => '/api/health',
];
const POSTS: Route[] = [
  () => '/api/notices/parse',
  () => '/api/directives',
  (id) => `/api/assignments/${id}/acknowledge`,
  (id) => `/api/assignments/${id}/forward`,
  (id) => `/api/assignments/${id}/report`,
  (id) => `/api/assignments/${id}/accept`,
  (id) => `/api/assignments/${id}/return`,
  (id) => `/api/assignments/${id}/extension-requests`,
  (id) => `/api/assignments/${id}/urge`,
  (id, valid) => `/api/assignments/${valid.assignment}/amendments/${id}/acknowledge`,
  (id) => `/api/extension-requests/${id}/approve`,
  (id) => `/api/extension-requests/${id}/reject`,
  (id) => `/api/directives/${id}/withdraw`,
  (id) => `/api/directives/${id}/amend`,
  (id) => `/api/calendar/years/${id}`,
];
const CALLERS: Array<[string, 'clerk' | 'leader' | 'supervisor' | 'admin']> = [
  ['141000', 'clerk'],
  ['141002', 'clerk'],
  ['140000', 'supervisor'],
  ['140000', 'leader'],
  ['140200', 'clerk'],
  ['000000', 'admin'],
];

describe.each(databaseKinds())('API fuzzing (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  const ids = {} as Ids;
  const tally = { requests: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    const now = await env.currentTimeMs();
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2024〕300号',
        title: XSS,
        issuerUnit: '140000',
        recipients: ['141000', '140100'],
        deadline: new Date(now + 20 * DAY).toISOString(),
      },
      ['140000'],
    );
    expect(issued.status).toBe(201);
    ids.directive = issued.body.id;
    ids.assignment = workflowIds.assignment(ids.directive, '141000');
    await eventually(
      () => h.get('/api/units/141000/inbox', ['141000']),
      (r) => r.body.length >= 1,
    );
    await h.post(`/api/assignments/${ids.assignment}/acknowledge`, {}, ['141000']);
    const forwarded = await h.post(
      `/api/assignments/${ids.assignment}/forward`,
      {
        docNumber: '临市民函〔2024〕300号',
        title: XSS,
        recipients: ['141002'],
        deadline: new Date(now + 10 * DAY).toISOString(),
      },
      ['141000'],
    );
    ids.forward = forwarded.body.forward?.directiveId;
  });

  afterAll(async () => {
    console.log(
      `[fuzz ${kind}] ${tally.requests} requests, statuses ${JSON.stringify(Object.fromEntries([...tally.byStatus].sort((a, b) => a[0] - b[0])))}`,
    );
    await h?.close();
    await env?.teardown();
  });

  const pickId = (choice: number, fuzzed: string) => [ids.directive, ids.assignment, ids.forward][choice] ?? fuzzed;

  async function send(
    method: 'get' | 'post',
    path: string,
    payload: unknown,
    caller: [string, 'clerk' | 'leader' | 'supervisor' | 'admin'],
    idempotencyKey: string | null,
  ) {
    const token = await h.token(caller[0], caller[1]);
    let r = request(h.app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);
    if (idempotencyKey) r = r.set('Idempotency-Key', idempotencyKey);
    if (method === 'post' && payload !== undefined) {
      // Strings go out as they are (malformed JSON included); scalars as their JSON text — supertest
      // only serialises objects and arrays itself.
      const text =
        typeof payload === 'string'
          ? payload
          : payload !== null && typeof payload === 'object'
            ? null
            : JSON.stringify(payload);
      r = text === null ? r.send(payload as object) : r.set('Content-Type', 'application/json').send(text);
    }
    const response = await r;
    tally.requests += 1;
    tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
    return response;
  }

  const expectNoServerError = (response: request.Response, what: string) => {
    if (response.status >= 500) throw new Error(`${what} → ${response.status} ${JSON.stringify(response.body)}`);
    // 431 (a 70,000-character path) is Node's HTTP parser answering before Express: no JSON body there.
    if (response.status >= 400 && response.status !== 431) expect(response.type).toBe('application/json');
  };

  // Path segments are encoded as a client would, or sent raw (traversal, %2e%2e) when the URL stays parseable.
  const rawOrEncoded = (segmentText: string, encode: boolean) => {
    const wellFormed = segmentText.replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    );
    const unsafe =
      /[\s#?]/.test(wellFormed) || [...wellFormed].some((c) => c.charCodeAt(0) < 0x21 || c.charCodeAt(0) > 0x7e);
    return encode || unsafe ? encodeURIComponent(wellFormed) : wellFormed;
  };

  it.each(GETS.map((route, i) => [i, route] as const))(
    'GET route %i answers fuzzed ids and query strings without a 5xx',
    async (_i, route) => {
      await fc.assert(
        fc.asyncProperty(
          segment,
          fc.integer({ min: 0, max: 4 }),
          fc.boolean(),
          query,
          fc.constantFrom(...CALLERS),
          async (fuzzed, choice, encode, params, caller) => {
            const id = choice < 3 ? pickId(choice, fuzzed) : rawOrEncoded(fuzzed, encode);
            const qs = new URLSearchParams(params as Record<string, string>).toString();
            const path = `${route(id, ids)}${qs ? `?${qs}` : ''}`;
            expectNoServerError(await send('get', path, undefined, caller, null), `GET ${path.slice(0, 200)}`);
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it.each(POSTS.map((route, i) => [i, route] as const))(
    'POST route %i answers fuzzed ids and bodies without a 5xx',
    async (_i, route) => {
      await fc.assert(
        fc.asyncProperty(
          segment,
          fc.integer({ min: 0, max: 4 }),
          fc.boolean(),
          fc.oneof(
            body,
            fc.constantFrom(
              '{"a":',
              '[1,2',
              'null',
              '"str"',
              '{"__proto__":{"admin":true}}',
              '{"constructor":{"prototype":{"x":1}}}',
            ),
          ),
          fc.constantFrom(...CALLERS),
          fc.option(
            fc.oneof(
              fc.uuid(),
              nasty.filter((s) => /^[\x21-\x7e]*$/.test(s)),
            ),
            { nil: null },
          ),
          async (fuzzed, choice, encode, payload, caller, key) => {
            const id = choice < 3 ? pickId(choice, fuzzed) : rawOrEncoded(fuzzed, encode);
            const path = route(id, ids);
            expectNoServerError(
              await send('post', path, payload, caller, key),
              `POST ${path.slice(0, 200)} ${JSON.stringify(payload)?.slice(0, 200)}`,
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
  );

  it('answers a 2 MB body with 413 and keeps serving', async () => {
    const response = await send('post', '/api/directives', { title: 'x'.repeat(2_000_000) }, ['140000', 'clerk'], null);
    expect(response.status).toBe(413);
    expect((await request(h.app.getHttpServer()).get('/api/health')).status).toBe(200);
  });

  it('returns markup in titles verbatim as JSON strings, and the served page never embeds API data', async () => {
    const directive = await h.get(`/api/directives/${ids.directive}`, ['140000', 'supervisor']);
    expect(directive.type).toBe('application/json');
    expect(directive.body.title).toBe(XSS);
    const tree = await h.get(`/api/directives/${ids.forward}/tree`, ['141000']);
    expect(JSON.stringify(tree.body)).not.toContain('&lt;');
    const page = await request(h.app.getHttpServer()).get(`/directives/${encodeURIComponent(ids.directive)}`);
    expect(page.status).toBeLessThan(500);
    expect(page.text).not.toContain('onerror=alert(1)');
    // Error messages echo nothing as HTML either: a JSON body, never text/html.
    const missing = await h.get(`/api/directives/${encodeURIComponent(XSS)}`, ['140000', 'supervisor']);
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/json');
  });

  it('still serves after the fuzzing: health 200, the directive intact', async () => {
    expect((await request(h.app.getHttpServer()).get('/api/health')).status).toBe(200);
    expect((await h.get(`/api/directives/${ids.directive}/tree`, ['140000', 'supervisor'])).body.nodes).toHaveLength(2);
    expect(tally.byStatus.get(500) ?? 0).toBe(0);
  });
});
