import request from 'supertest';
import { InboxMessagesRepository, NotificationSubscriptionsRepository, PeopleRepository } from '@cascade/persistence';
import { useApiHarness } from '../support/api-harness';
import { databaseKinds } from '../support/databases';

const CSRF = { 'X-Requested-With': 'cascade' };
const PASSWORD = 'Linfen2026clerk';
const admin = ['140000', 'admin'] as [string, 'admin'];

/** Notifications reach people: each reads the unit's 消息中心 on their own, and may add their own mailbox. */
describe.each(databaseKinds())('personal notifications (%s)', (kind) => {
  const running = useApiHarness(kind);
  const h = () => running.harness;
  let serial = 0;

  const http = () => request(h().app.getHttpServer());
  /** A new person of the unit, signed in: the session cookie its requests carry. */
  const signedIn = async (unitCode = '141000', name = '临汾市民政局收文员') => {
    const login = `notify${++serial}-${kind}`;
    await h().app.get(PeopleRepository).create({ login, name, unitCode, role: 'clerk', password: PASSWORD });
    const response = await http().post('/api/auth/sign-in').set(CSRF).send({ login, password: PASSWORD });
    expect(response.status).toBe(200);
    const line = ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((l) => l.startsWith('cascade_'));
    return { login, cookie: line!.split(';')[0] };
  };
  const as = (cookie: string) => ({ ...CSRF, Cookie: cookie });
  const message = (id: string, unitCode: string, createdAt: number) =>
    h()
      .app.get(InboxMessagesRepository)
      .addMissing({
        id,
        unitCode,
        kind: 'URGED',
        subject: `催办：《通知 ${id}》`,
        body: '请尽快报送',
        directiveId: null,
        createdAt,
      });

  it('keeps 已读 per person: one clerk reading does not hide a message from another', async () => {
    const before = Date.now() - 60_000;
    await message('old>141000', '141000', before);
    const first = await signedIn();
    const second = await signedIn();
    const now = Date.now() + 1;
    await message('p1>141000', '141000', now);
    await message('p2>141000', '141000', now + 1);

    const unread = async (cookie: string) =>
      (await http().get('/api/notifications/inbox/unread-count').set(as(cookie))).body.unread;
    // Older than the account: counted as read for people, unread for an integration token.
    expect(await unread(first.cookie)).toBe(2);
    expect(await unread(second.cookie)).toBe(2);
    const listed = await http().get('/api/notifications/inbox').set(as(first.cookie));
    expect(listed.body.items.find((m: { id: string }) => m.id === 'old>141000').readAt).not.toBeNull();
    const token = await h().get('/api/notifications/inbox/unread-count', ['141000', 'clerk']);
    expect(token.body.unread).toBeGreaterThanOrEqual(3);

    const read = await http()
      .post(`/api/notifications/inbox/${encodeURIComponent('p1>141000')}/read`)
      .set(as(first.cookie));
    expect(read.body).toEqual({ marked: 1, unread: 1 });
    expect(await unread(second.cookie)).toBe(2);

    const all = await http().post('/api/notifications/inbox/read-all').set(as(first.cookie));
    expect(all.body).toEqual({ marked: 1, unread: 0 });
    expect(await unread(first.cookie)).toBe(0);
    expect(await unread(second.cookie)).toBe(2);
  });

  it('lets a person add, change and remove their own mailbox, and nobody else’s', async () => {
    const owner = await signedIn('141000', '临汾市民政局督查专员');
    const other = await signedIn();
    const body = { channel: 'email', address: 'duban@linfen.example.gov.cn', kinds: ['URGED', 'ESCALATION'] };

    const created = await http().post('/api/me/subscriptions').set(as(owner.cookie)).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      unitCode: '141000',
      personName: '临汾市民政局督查专员',
      channel: 'email',
      quietHours: true,
      enabled: true,
    });
    const id = created.body.id as string;
    expect((await http().get('/api/me/subscriptions').set(as(owner.cookie))).body.items).toHaveLength(1);
    expect((await http().get('/api/me/subscriptions').set(as(other.cookie))).body.items).toHaveLength(0);

    // Another person's subscription is as unknown as a missing one.
    const foreign = await http().patch(`/api/me/subscriptions/${id}`).set(as(other.cookie)).send({ enabled: false });
    expect(foreign.status).toBe(404);
    expect((await http().delete(`/api/me/subscriptions/${id}`).set(as(other.cookie))).status).toBe(404);

    const changed = await http()
      .patch(`/api/me/subscriptions/${id}`)
      .set(as(owner.cookie))
      .send({ quietHours: false, kinds: ['ESCALATION'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ quietHours: false, kinds: ['ESCALATION'] });

    // The admin sees whose it is.
    const listed = await h().get('/api/notifications/subscriptions?unit=141000', admin);
    expect(listed.body.items.find((s: { id: string }) => s.id === id)).toMatchObject({
      personName: '临汾市民政局督查专员',
    });

    expect((await http().delete(`/api/me/subscriptions/${id}`).set(as(owner.cookie))).status).toBe(204);
    expect((await http().get('/api/me/subscriptions').set(as(owner.cookie))).body.items).toHaveLength(0);
  });

  it('refuses what cannot reach a person, in Chinese', async () => {
    const person = await signedIn();
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ channel: 'email', address: 'not-a-mailbox', kinds: ['URGED'] }, 422, /邮箱/],
      [{ channel: 'sms', address: '0357-1234567', kinds: ['URGED'] }, 422, /手机号/],
      [{ channel: 'webhook', address: 'https://hooks.example.gov.cn/x', kinds: ['URGED'] }, 400, /channel/],
      [{ channel: 'email', address: 'a@example.gov.cn', kinds: [] }, 400, /kinds/],
    ];
    for (const [body, status, text] of cases) {
      const refused = await http().post('/api/me/subscriptions').set(as(person.cookie)).send(body);
      expect([refused.status, refused.body.message]).toEqual([status, expect.stringMatching(text)]);
    }
    const token = await h().post(
      '/api/me/subscriptions',
      { channel: 'email', address: 'a@example.gov.cn', kinds: ['URGED'] },
      ['141000', 'clerk'],
    );
    expect(token.status).toBe(403);
    expect(token.body.message).toContain('个人账号');
  });

  it('routes a unit’s notification to its people’s own addresses while they may sign in there', async () => {
    const person = await signedIn('141002', '尧都区民政局收文员');
    const created = await http()
      .post('/api/me/subscriptions')
      .set(as(person.cookie))
      .send({ channel: 'sms', address: '13800000002', kinds: ['URGED'] });
    expect(created.status).toBe(201);
    const subscriptions = h().app.get(NotificationSubscriptionsRepository);
    const receiving = async () => (await subscriptions.receiving('141002', 'URGED')).map((s) => s.id);

    expect(await receiving()).toContain(created.body.id);
    expect(await subscriptions.receiving('141002', 'ESCALATION')).toEqual([]);
    await h().app.get(PeopleRepository).setDisabled(person.login, true);
    expect(await receiving()).not.toContain(created.body.id);
  });
});
