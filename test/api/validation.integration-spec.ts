import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { databaseKinds } from '../support/databases';
import { KEEP_ALIVE_MS } from '../../apps/api/src/configure-api';

const clerk = ['140000', 'clerk'] as [string, 'clerk'];
const deadline = '2030-11-20T18:00:00+08:00';
const valid = {
  docNumber: '晋民函〔2024〕169号',
  title: '通知',
  issuerUnit: '140000',
  recipients: ['141000'],
  deadline,
};

describe.each(databaseKinds())('validation and errors (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it.each([
    ['a missing docNumber', { ...valid, docNumber: undefined }, 'docNumber'],
    ['an empty title', { ...valid, title: '' }, 'title'],
    ['recipients that are not a list', { ...valid, recipients: '141000' }, 'recipients'],
    ['no recipients', { ...valid, recipients: [] }, 'recipients'],
    ['the same recipient twice', { ...valid, recipients: ['141000', '141000'] }, 'recipients'],
    ['a recipient that is not a string', { ...valid, recipients: [141000] }, 'recipients'],
    ['a date without time', { ...valid, deadline: '2030-11-20' }, 'deadline'],
    ['a deadline that is no date', { ...valid, deadline: 'next friday' }, 'deadline'],
    ['an unknown field', { ...valid, urgent: true }, 'urgent'],
    ['a policy duration that cannot be read', { ...valid, policy: { ackWithin: '3 days' } }, 'ackWithin'],
    ['an unknown policy field', { ...valid, policy: { snooze: 'P1D' } }, 'snooze'],
    ['obligations that are not objects', { ...valid, obligations: ['x'] }, 'obligations'],
    ['a title too long', { ...valid, title: '长'.repeat(501) }, 'title'],
  ])('POST /api/directives with %s → 400 naming the field', async (_what, body, field) => {
    const response = await h.post('/api/directives', body, clerk);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain(field);
  });

  it('answers malformed JSON with 400', async () => {
    const token = await h.token('140000');
    const response = await request(h.app.getHttpServer())
      .post('/api/directives')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"docNumber": ');
    expect(response.status).toBe(400);
    expect(response.body.statusCode).toBe(400);
  });

  it('keeps idle keep-alive connections longer than the clients in front of it do', () => {
    const server = h.app.getHttpServer() as import('node:http').Server;
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_MS);
    expect(KEEP_ALIVE_MS).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('answers a body over 1 MB with 413', async () => {
    const response = await h.post('/api/notices/parse', { text: '通知'.repeat(300_000) }, clerk);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413 });
  });

  it('reads a body under 1 MB (more than the default 100 kB)', async () => {
    const response = await h.post(
      '/api/notices/parse',
      { text: `晋民函〔2024〕169号\n${'各市民政局：'.repeat(30_000)}` },
      clerk,
    );
    expect(response.status).toBe(200);
  });

  it('answers unknown recipient units with 422 naming them', async () => {
    const response = await h.post('/api/directives', { ...valid, recipients: ['141000', '149999', '14X'] }, clerk);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, unknownUnits: ['149999', '14X'] });
    expect(response.body.message).toContain('149999');
  });

  it('answers a directive to its own issuer with 422', async () => {
    const response = await h.post('/api/directives', { ...valid, recipients: ['140000'] }, clerk);
    expect(response.status).toBe(422);
  });

  it.each([
    ['/api/escalations?minLevel=7', 'minLevel'],
    ['/api/escalations?open=maybe', 'open'],
    ['/api/escalations?page=0', 'page'],
    ['/api/escalations?page=1e308', 'page'],
    ['/api/directives?page=10001', 'page'],
    ['/api/escalations?pageSize=10000', 'pageSize'],
    ['/api/directives?status=DONE', 'status'],
    ['/api/directives?sort=title', 'sort'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const response = await h.get(path, ['140000', 'supervisor']);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain(field);
  });

  it.each([
    ['acknowledge', {}],
    ['report', { content: '已报送' }],
    ['accept', {}],
  ])('POST /api/assignments/:id/%s on an assignment that does not exist → 404', async (operation, body) => {
    expect((await h.post(`/api/assignments/assignment:nope:140000/${operation}`, body, clerk)).status).toBe(404);
  });

  it.each([
    ['report without content', 'report', {}, 'content'],
    ['report with an unknown field', 'report', { content: 'x', mood: 'ok' }, 'mood'],
    [
      'report with an attachment without a name',
      'report',
      { content: 'x', attachments: [{ url: 'https://example.org' }] },
      'name',
    ],
    ['acknowledge with a field', 'acknowledge', { note: 'x' }, 'note'],
    [
      'forward with a bad deadline',
      'forward',
      { docNumber: 'x', title: 'x', recipients: ['141002'], deadline: 'soon' },
      'deadline',
    ],
  ])('POST /api/assignments/:id %s → 400', async (_what, operation, body, field) => {
    const response = await h.post(`/api/assignments/assignment:nope:140000/${operation}`, body, clerk);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain(field);
  });

  it('never answers 500 to odd input', async () => {
    const odd: unknown[] = [
      null,
      [],
      'text',
      42,
      { recipients: null },
      { ...valid, recipients: [''] },
      { ...valid, deadline: '2030-02-30T25:00:00Z' },
      { ...valid, policy: [] },
      { ...valid, body: {} },
    ];
    const token = await h.token('140000');
    for (const body of odd) {
      const response = await request(h.app.getHttpServer())
        .post('/api/directives')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect([400, 413, 422]).toContain(response.status);
    }
    for (const path of [
      '/api/directives/%E0%A4%A',
      '/api/units/%00/inbox',
      '/api/directives/x/tree',
      '/api/assignments/x/accept',
    ]) {
      const response = await (path.endsWith('accept') ? h.post(path, {}, clerk) : h.get(path, clerk));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it('answers what Node rejects before Express (a 70,000-character path) with a JSON 431, not a reset connection', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await request(h.app.getHttpServer()).get(`/api/directives/${'x'.repeat(70_000)}`);
      expect(response.status).toBe(431);
      expect(response.body).toEqual({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: '请求地址或请求头过长' });
    }
    expect((await request(h.app.getHttpServer()).get('/api/health')).status).toBe(200);
  });

  it('answers other methods outside /api with a JSON 404', async () => {
    const post = await request(h.app.getHttpServer()).post('/windows/win.ini/accept').send({});
    expect(post.status).toBe(404);
    expect(post.type).toBe('application/json');
    expect(post.body.message).toContain('没有这个地址');
  });

  it('describes every endpoint in the OpenAPI document, with DTO schemas', async () => {
    const document = (await request(h.app.getHttpServer()).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/assignments',
        '/api/assignments/{id}',
        '/api/assignments/{id}/accept',
        '/api/assignments/{id}/acknowledge',
        '/api/assignments/{id}/amendments/{version}/acknowledge',
        '/api/assignments/{id}/extension-requests',
        '/api/assignments/{id}/form',
        '/api/assignments/{id}/forward',
        '/api/assignments/{id}/report',
        '/api/assignments/{id}/return',
        '/api/assignments/{id}/urge',
        '/api/auth/sign-in',
        '/api/auth/sign-out',
        '/api/calendar/years/{year}',
        '/api/demo/accounts',
        '/api/demo/tokens',
        '/api/directives',
        '/api/directives/{id}',
        '/api/directives/{id}/amend',
        '/api/directives/{id}/events',
        '/api/directives/{id}/periods',
        '/api/directives/{id}/reports',
        '/api/directives/{id}/reports.zip',
        '/api/directives/{id}/rollup',
        '/api/directives/{id}/rollup.csv',
        '/api/directives/{id}/rollup.xlsx',
        '/api/directives/{id}/schedule/pause',
        '/api/directives/{id}/schedule/resume',
        '/api/directives/{id}/schedule/run',
        '/api/directives/{id}/summary.csv',
        '/api/directives/{id}/summary.xlsx',
        '/api/directives/{id}/tree',
        '/api/directives/{id}/withdraw',
        '/api/escalation-board',
        '/api/escalations',
        '/api/extension-requests',
        '/api/extension-requests/{id}/approve',
        '/api/extension-requests/{id}/reject',
        '/api/files',
        '/api/files/{id}',
        '/api/files/{id}/meta',
        '/api/health',
        '/api/me',
        '/api/me/password',
        '/api/me/subscriptions',
        '/api/me/subscriptions/{id}',
        '/api/notices/parse',
        '/api/notifications/deliveries',
        '/api/notifications/deliveries/retry',
        '/api/notifications/inbox',
        '/api/notifications/inbox/read-all',
        '/api/notifications/inbox/unread-count',
        '/api/notifications/inbox/{id}/read',
        '/api/notifications/stream',
        '/api/notifications/stream-ticket',
        '/api/notifications/subscriptions',
        '/api/notifications/subscriptions/{id}',
        '/api/units/names',
        '/api/units/{code}/children',
        '/api/units/{code}/inbox',
      ].sort(),
    );
    for (const schema of [
      'CreateDirectiveDto',
      'DirectiveTreeDto',
      'TreeNodeDto',
      'ForwardDto',
      'ReportDto',
      'AssignmentStateDto',
      'EscalationPageDto',
      'InboxItemDto',
      'ParseNoticeDto',
      'PolicyDto',
      'ReturnDto',
      'ExtensionRequestDto',
      'WithdrawDto',
      'AmendDto',
      'UrgeDto',
      'CalendarYearDto',
    ]) {
      expect(document.components.schemas).toHaveProperty(schema);
    }
    expect(document.components.schemas.CreateDirectiveDto.required).toEqual(
      expect.arrayContaining(['docNumber', 'title', 'issuerUnit', 'recipients', 'deadline']),
    );
  });

  it('answers 503 without a stack trace when the database is gone', async () => {
    await h.app.get(DataSource).destroy();
    const response = await h.get('/api/directives', clerk);
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|\.js:\d+/);
  });
});
