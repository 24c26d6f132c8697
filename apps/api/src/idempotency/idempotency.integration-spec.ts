import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { workflowIds } from '@cascade/contracts';
import {
  IDEMPOTENCY_CLAIM_LEASE_MS,
  IDEMPOTENCY_CLAIM_RENEW_MS,
  IdempotencyKeyEntity,
  IdempotencyKeysRepository,
} from '@cascade/persistence';
import { DataSource } from 'typeorm';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../../../../test/support/api-harness';
import { eventually } from '../../../../test/support/cascade-harness';
import { databaseKinds } from '../../../../test/support/databases';
import { AssignmentsService } from '../assignments/assignments.service';
import { canonicalJson } from './idempotency.interceptor';

const DAY = 86_400_000;

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe.each(databaseKinds())('Idempotency-Key on write endpoints (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let deadline: string;

  const post = async (path: string, body: unknown, unit: string, key?: string, role: 'clerk' | 'leader' = 'clerk') => {
    const r = request(h.app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${await h.token(unit, role)}`);
    if (key !== undefined) r.set('Idempotency-Key', key);
    return r.send(body as object);
  };
  const directive = (docNumber: string, recipients = ['141000']) => ({
    docNumber,
    title: '关于幂等的通知',
    issuerUnit: '140000',
    recipients,
    deadline,
  });
  const listByDoc = async (docNumber: string) =>
    (await h.get(`/api/directives?q=${encodeURIComponent(docNumber)}`, ['140000', 'clerk'])).body.items as {
      id: string;
    }[];
  const eventsOf = async (directiveId: string, type: string) =>
    ((await h.get(`/api/directives/${directiveId}/events`, ['140000', 'clerk'])).body as { type: string }[]).filter(
      (e) => e.type === type,
    );

  // What a crash leaves behind: the key row lost with the database, or stuck "in flight" when the API died mid-request.
  const keyRows = () => h.app.get(DataSource).getRepository(IdempotencyKeyEntity);
  const loseAnswer = (key: string) => keyRows().delete({ key });
  const leaveInFlight = (key: string, leaseUntil: number) =>
    keyRows().update({ key }, { statusCode: null, responseBody: null, leaseUntil });
  const deliveredTo = async (unit: string, n: number) => {
    const issued = await post('/api/directives', directive(`晋民函〔2024〕${n}号`, [unit]), '140000', `issue-${n}`);
    expect(issued.status).toBe(201);
    const id = workflowIds.assignment(issued.body.id, unit);
    await eventually(
      () => h.get(`/api/units/${unit}/inbox`, [unit]),
      (r) => r.body.some((x: { id: string }) => x.id === id),
    );
    return { directiveId: issued.body.id as string, assignmentId: id };
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    deadline = new Date((await env.currentTimeMs()) + 20 * DAY).toISOString();
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('issues a directive once however often the same request is retried with its key', async () => {
    const body = directive('晋民函〔2024〕201号');
    const first = await post('/api/directives', body, '140000', 'issue-201');
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retries = await Promise.all([1, 2, 3].map(() => post('/api/directives', { ...body }, '140000', 'issue-201')));
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    }
    expect(await listByDoc('晋民函〔2024〕201号')).toEqual([expect.objectContaining({ id: first.body.id })]);
    // The same body without a key is a new directive: the key is what makes a retry safe.
    expect((await post('/api/directives', body, '140000')).status).toBe(201);
    expect(await listByDoc('晋民函〔2024〕201号')).toHaveLength(2);
  });

  it('answers 422 for the same key with another body or path, and keeps keys of different callers apart', async () => {
    const first = await post('/api/directives', directive('晋民函〔2024〕202号'), '140000', 'issue-202');
    expect(first.status).toBe(201);
    const other = await post('/api/directives', directive('晋民函〔2024〕203号'), '140000', 'issue-202');
    expect(other.status).toBe(422);
    expect(other.body.message).toEqual(expect.any(String));
    expect(
      (
        await post(
          `/api/assignments/${workflowIds.assignment(first.body.id, '141000')}/acknowledge`,
          {},
          '140000',
          'issue-202',
        )
      ).status,
    ).toBe(422);
    expect(await listByDoc('晋民函〔2024〕203号')).toHaveLength(0);
    // Another caller (the province's leader token) may use the same key for its own request.
    const leader = await post('/api/directives', directive('晋民函〔2024〕203号'), '140000', 'issue-202', 'leader');
    expect(leader.status).toBe(201);
    expect(leader.body.id).not.toBe(first.body.id);
  });

  it('replays the first answer of an Update, a refusal included, and records each transition once', async () => {
    const issued = await post('/api/directives', directive('晋民函〔2024〕204号'), '140000', 'issue-204');
    const a = workflowIds.assignment(issued.body.id, '141000');
    await eventually(
      () => h.get('/api/units/141000/inbox', ['141000']),
      (r) => r.body.some((x: { id: string }) => x.id === a),
    );
    // Reporting before acknowledging is refused; the retry with the same key gets the same refusal.
    const refused = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-1');
    expect(refused.status).toBe(409);
    const ack = await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-1');
    expect(ack.status).toBe(200);
    const ackAgain = await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-1');
    expect({ status: ackAgain.status, body: ackAgain.body }).toEqual({ status: 200, body: ack.body });
    const refusedAgain = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-1');
    expect({ status: refusedAgain.status, body: refusedAgain.body }).toEqual({ status: 409, body: refused.body });
    expect(refusedAgain.headers['idempotent-replayed']).toBe('true');
    const reported = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-2');
    expect(reported.status).toBe(200);
    const reportedAgain = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-2');
    expect({ status: reportedAgain.status, body: reportedAgain.body }).toEqual({ status: 200, body: reported.body });
    await eventually(
      () => eventsOf(issued.body.id, 'REPORT_SUBMITTED'),
      (events) => events.length >= 1,
    );
    expect(await eventsOf(issued.body.id, 'REPORT_SUBMITTED')).toHaveLength(1);
    expect(await eventsOf(issued.body.id, 'ASSIGNMENT_ACKNOWLEDGED')).toHaveLength(1);
  });

  it('reaches the first Update, not a second one, when the answer was lost after Temporal acted', async () => {
    const { directiveId, assignmentId: a } = await deliveredTo('141000', 206);
    expect((await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-206')).status).toBe(200);
    const extension = { newDeadline: new Date(Date.parse(deadline) + 5 * DAY).toISOString(), reason: '材料较多' };
    const asked = await post(`/api/assignments/${a}/extension-requests`, extension, '141000', 'extend-206');
    expect(asked.status).toBe(200);
    await loseAnswer('extend-206');
    const askedAgain = await post(`/api/assignments/${a}/extension-requests`, extension, '141000', 'extend-206');
    expect({ status: askedAgain.status, body: askedAgain.body }).toEqual({ status: 200, body: asked.body });
    expect(askedAgain.body.extensionRequests).toHaveLength(1);

    const reported = await post(`/api/assignments/${a}/report`, { content: '第一次报送' }, '141000', 'report-206');
    expect(reported.status).toBe(200);
    await loseAnswer('report-206');
    // Run again from the API's side (the key is claimed anew), but Temporal knows the Update id: the first outcome comes back.
    const retried = await post(`/api/assignments/${a}/report`, { content: '第一次报送' }, '141000', 'report-206');
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: reported.body });
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    // Another key is another request: the workflow refuses a second report.
    expect(
      (await post(`/api/assignments/${a}/report`, { content: '第一次报送' }, '141000', 'report-206b')).status,
    ).toBe(409);

    // 办结 ends the workflow: the retry still gets the first outcome.
    const accepted = await post(`/api/assignments/${a}/accept`, {}, '140000', 'accept-206', 'leader');
    expect(accepted.status).toBe(200);
    await loseAnswer('accept-206');
    const acceptedAgain = await post(`/api/assignments/${a}/accept`, {}, '140000', 'accept-206', 'leader');
    expect({ status: acceptedAgain.status, body: acceptedAgain.body }).toEqual({ status: 200, body: accepted.body });

    await eventually(
      () => eventsOf(directiveId, 'EXTENSION_REQUESTED'),
      (events) => events.length >= 1,
    );
    expect(await eventsOf(directiveId, 'REPORT_SUBMITTED')).toHaveLength(1);
    expect(await eventsOf(directiveId, 'EXTENSION_REQUESTED')).toHaveLength(1);
  });

  it('issues one directive when the answer of the first POST was lost: the retry reaches the same workflow', async () => {
    const body = directive('晋民函〔2024〕207号', ['141000', '140100']);
    const first = await post('/api/directives', body, '140000', 'issue-207');
    expect(first.status).toBe(201);
    await loseAnswer('issue-207');
    const retried = await post('/api/directives', body, '140000', 'issue-207');
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 201, body: first.body });
    expect(await listByDoc('晋民函〔2024〕207号')).toEqual([expect.objectContaining({ id: first.body.id })]);
    expect(await eventsOf(first.body.id, 'ASSIGNMENT_DELIVERED')).toHaveLength(2);
  });

  it('lets a retry proceed once a claim stuck in flight (the API died mid-request) outlives its lease, and it acts once', async () => {
    const { directiveId, assignmentId: a } = await deliveredTo('141000', 208);
    expect((await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-208')).status).toBe(200);
    const reported = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-208');
    expect(reported.status).toBe(200);
    await leaveInFlight('report-208', Date.now() + IDEMPOTENCY_CLAIM_LEASE_MS);
    const tooSoon = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-208');
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.headers['retry-after']).toBe('1');
    await leaveInFlight('report-208', Date.now() - 1000);
    const later = await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-208');
    expect({ status: later.status, body: later.body }).toEqual({ status: 200, body: reported.body });
    // The retry's answer is recorded: the next one is a replay.
    expect(
      (await post(`/api/assignments/${a}/report`, { content: '报送' }, '141000', 'report-208')).headers[
        'idempotent-replayed'
      ],
    ).toBe('true');
    await eventually(
      () => eventsOf(directiveId, 'REPORT_SUBMITTED'),
      (events) => events.length >= 1,
    );
    expect(await eventsOf(directiveId, 'REPORT_SUBMITTED')).toHaveLength(1);
  });

  it('renews the claim while a slow write runs: a retry meanwhile is 409 however long the write takes', async () => {
    const { assignmentId: a } = await deliveredTo('141000', 211);
    const service = h.app.get(AssignmentsService);
    const original = service.acknowledge.bind(service);
    // The write outlasts one renewal period (a forward to many units can take tens of seconds).
    const slow = jest.spyOn(service, 'acknowledge').mockImplementationOnce(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, IDEMPOTENCY_CLAIM_RENEW_MS + 1_500));
      return original(...args);
    });
    try {
      const first = post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-211');
      const claimed = await eventually(
        () => keyRows().findOneBy({ key: 'ack-211' }),
        (row) => row !== null,
      );
      const renewed = await eventually(
        () => keyRows().findOneBy({ key: 'ack-211' }),
        (row) => (row?.leaseUntil ?? 0) > claimed!.leaseUntil,
        IDEMPOTENCY_CLAIM_RENEW_MS * 2,
      );
      expect(renewed?.statusCode).toBeNull();
      expect((await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-211')).status).toBe(409);
      expect((await first).status).toBe(200);
    } finally {
      slow.mockRestore();
    }
  });

  it('records the answer once the database takes writes again, so a retry is a replay long before the lease ends', async () => {
    const { assignmentId: a } = await deliveredTo('141000', 209);
    const keys = h.app.get(IdempotencyKeysRepository);
    // The database refuses the first two attempts to record the answer (as when it just went down).
    const complete = jest
      .spyOn(keys, 'complete')
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED'))
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    try {
      const ack = await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-209');
      expect(ack.status).toBe(200);
      const replayed = await eventually(
        () => post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-209'),
        (r) => r.status !== 409,
      );
      expect({
        status: replayed.status,
        body: replayed.body,
        replayed: replayed.headers['idempotent-replayed'],
      }).toEqual({ status: 200, body: ack.body, replayed: 'true' });
      expect(complete.mock.calls.length).toBeGreaterThanOrEqual(3);
    } finally {
      complete.mockRestore();
    }
  });

  it('does not keep a 404: a retry with the same key acts once the assignment is in the read model', async () => {
    const { assignmentId: a } = await deliveredTo('141000', 210);
    expect((await post(`/api/assignments/${a}/acknowledge`, {}, '141000', 'ack-210')).status).toBe(200);
    // The county acknowledges a forward it was told about before the forward reached the read model.
    const early = workflowIds.assignment('fwd-210', '141002');
    expect((await post(`/api/assignments/${early}/acknowledge`, {}, '141002', 'ack-early-210')).status).toBe(404);
    const forward = {
      directiveId: 'fwd-210',
      docNumber: '临市民函〔2024〕210号',
      title: '转发',
      recipients: ['141002'],
      deadline: new Date(Date.parse(deadline) - DAY).toISOString(),
    };
    expect((await post(`/api/assignments/${a}/forward`, forward, '141000', 'forward-210')).status).toBe(200);
    const acked = await eventually(
      () => post(`/api/assignments/${early}/acknowledge`, {}, '141002', 'ack-early-210'),
      (r) => r.status !== 404,
    );
    expect(acked.status).toBe(200);
    expect(acked.body.status).toBe('ACKNOWLEDGED');
  });

  it('replays a validation error too, refuses malformed keys, and ignores keys on the read-only notice parser', async () => {
    const bad = await post('/api/directives', { docNumber: 1 }, '140000', 'bad-1');
    expect(bad.status).toBe(400);
    const badAgain = await post('/api/directives', { docNumber: 1 }, '140000', 'bad-1');
    expect({ status: badAgain.status, body: badAgain.body }).toEqual({ status: 400, body: bad.body });
    expect((await post('/api/directives', directive('晋民函〔2024〕205号'), '140000', 'x'.repeat(256))).status).toBe(
      400,
    );
    expect(
      (await post('/api/directives', directive('晋民函〔2024〕205号'), '140000', 'a key with spaces')).status,
    ).toBe(400);
    const parse = async (text: string) => post('/api/notices/parse', { text }, '140000', 'parse-1');
    expect((await parse('晋民函〔2024〕1号\n关于甲的通知')).status).toBe(200);
    const second = await parse('晋民函〔2024〕2号\n关于乙的通知');
    expect(second.status).toBe(200);
    expect(second.body.docNumber).toBe('晋民函〔2024〕2号');
  });

  it('runs the request again once the key expired (24 h) or its first request was abandoned', async () => {
    const keys = h.app.get(IdempotencyKeysRepository);
    const now = Date.now();
    const first = await keys.claim('caller-x', 'k', 'hash-1', now);
    expect(first.outcome).toBe('claimed');
    expect((await keys.claim('caller-x', 'k', 'hash-1', now + 1000)).outcome).toBe('in-progress');
    expect((await keys.claim('caller-x', 'k', 'hash-1', now + 121_000)).outcome).toBe('claimed');
    const claimed = await keys.claim('caller-y', 'k', 'hash-1', now);
    if (claimed.outcome !== 'claimed') throw new Error('expected a claim');
    await keys.complete(claimed.id, 201, { id: 'd' });
    expect(await keys.claim('caller-y', 'k', 'hash-1', now + 23 * 3_600_000)).toEqual({
      outcome: 'replay',
      statusCode: 201,
      body: { id: 'd' },
    });
    expect(await keys.claim('caller-y', 'k', 'hash-2', now + 23 * 3_600_000)).toEqual({ outcome: 'mismatch' });
    expect((await keys.claim('caller-y', 'k', 'hash-2', now + 25 * 3_600_000)).outcome).toBe('claimed');
  });
});
