import request from 'supertest';
import { workflowIds } from '@cascade/contracts';
import { type ApiRole, PeopleRepository, verifyPassword } from '@cascade/persistence';
import { AuthClock } from '../../apps/api/src/auth/auth-clock';
import { FailedAuthLimiter, SignInLimiter } from '../../apps/api/src/auth/failed-auth-limiter';
import { useApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const CSRF = { 'X-Requested-With': 'cascade' };
const PASSWORD = 'Linfen2026clerk';
const MINUTE = 60_000;

/** `cascade_session=…` of a sign-in answer, and the raw Set-Cookie line for its flags. */
function sessionCookie(response: request.Response): { cookie: string; line: string } {
  const lines = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const line = lines.find((candidate) => candidate.startsWith('cascade_session='));
  if (!line) throw new Error(`no session cookie in ${JSON.stringify(response.headers)}`);
  return { cookie: line.split(';')[0], line };
}

describe.each(databaseKinds())('people who sign in (%s)', (kind) => {
  const running = useApiHarness(kind);
  let people: PeopleRepository;
  let clock: jest.SpyInstance<number, []>;
  let serial = 0;

  const http = () => request(running.harness.app.getHttpServer());
  const signIn = (login: string, password: string, headers: Record<string, string> = CSRF) =>
    http().post('/api/auth/sign-in').set(headers).send({ login, password });
  /** A new person with a 账号 of its own, so the parts of this file do not share lockouts or sessions. */
  const person = async (unitCode = '141000', role: ApiRole = 'clerk', name = '临汾市民政局收文员') => {
    const login = `clerk${++serial}`;
    await people.create({ login, name, unitCode, role, password: PASSWORD });
    return login;
  };
  const signedIn = async (login: string, password = PASSWORD) => {
    const response = await signIn(login, password);
    expect(response.status).toBe(200);
    return sessionCookie(response).cookie;
  };

  beforeAll(() => {
    people = running.harness.app.get(PeopleRepository);
  });
  beforeEach(() => {
    running.harness.app.get(FailedAuthLimiter).reset();
    running.harness.app.get(SignInLimiter).reset();
    clock = jest.spyOn(running.harness.app.get(AuthClock), 'now');
    clock.mockReturnValue(Date.now());
  });
  afterEach(() => clock.mockRestore());

  it('signs a person in with an HttpOnly, SameSite=Strict cookie and answers who it is', async () => {
    const login = await person();
    const response = await signIn(login, PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      unitCode: '141000',
      unitName: '临汾市民政局',
      unitLevel: 'city',
      role: 'clerk',
      roleName: '收文员',
      name: '临汾市民政局收文员',
      login,
    });
    const { cookie, line } = sessionCookie(response);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Strict/);
    expect(line).toMatch(/; Path=\//);
    expect(line).not.toMatch(/; Secure/);
    expect(cookie).toMatch(/^cascade_session=[A-Za-z0-9_-]{43}$/);
    const me = await http().get('/api/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ name: '临汾市民政局收文员', roleName: '收文员', unitName: '临汾市民政局' });
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const response = await signIn(await person(), PASSWORD, { ...CSRF, 'X-Forwarded-Proto': 'https' });
    expect(response.status).toBe(200);
    expect(sessionCookie(response).line).toMatch(/; Secure/);
  });

  it('stores the password as a salted scrypt hash with its parameters', async () => {
    const stored = (await people.findByLogin(await person()))!.passwordHash;
    expect(stored).toMatch(/^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(stored).not.toContain(PASSWORD);
    await expect(verifyPassword(PASSWORD, stored)).resolves.toBe(true);
    await expect(verifyPassword(`${PASSWORD}x`, stored)).resolves.toBe(false);
  });

  it('answers a wrong password and an unknown 账号 alike', async () => {
    const login = await person();
    const wrong = await signIn(login, 'Wrong2026password');
    const unknown = await signIn('nobody-here', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED', message: '账号或密码错误' });
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('locks the account after 5 wrong passwords in a row for 15 minutes, then lets it in', async () => {
    const login = await person();
    const t0 = Date.UTC(2026, 11, 2, 0, 0); // 08:00 in Beijing
    clock.mockReturnValue(t0);
    for (let i = 1; i <= 4; i++) expect((await signIn(login, `Wrong${i}password`)).status).toBe(401);
    const fifth = await signIn(login, 'Wrong5password');
    expect(fifth.status).toBe(429);
    expect(fifth.body).toMatchObject({ statusCode: 429, code: 'ACCOUNT_LOCKED' });
    expect(fifth.body.message).toContain('2026年12月2日 08:15');
    expect(fifth.headers['retry-after']).toBe('900');
    // Locked: even the right password is refused until the lock ends.
    clock.mockReturnValue(t0 + 14 * MINUTE);
    const locked = await signIn(login, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    clock.mockReturnValue(t0 + 15 * MINUTE);
    expect((await signIn(login, PASSWORD)).status).toBe(200);
  });

  it('counts only wrong passwords in a row: a success starts the count again', async () => {
    const login = await person();
    for (let i = 0; i < 4; i++) expect((await signIn(login, 'Wrong2026password')).status).toBe(401);
    expect((await signIn(login, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await signIn(login, 'Wrong2026password')).status).toBe(401);
    expect((await signIn(login, PASSWORD)).status).toBe(200);
  });

  it('limits failed sign-ins per address, apart from bearer tokens', async () => {
    const login = await person();
    for (let i = 0; i < 20; i++) expect((await signIn(`ghost${i}`, PASSWORD)).status).toBe(401);
    const limited = await signIn(login, PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // An integration's token from the same address still works.
    expect((await running.harness.get('/api/me', ['141000', 'clerk'])).status).toBe(200);
  });

  it('refuses a disabled person, and ends the sessions it had', async () => {
    const login = await person();
    const cookie = await signedIn(login);
    await people.setDisabled(login, true);
    const refused = await signIn(login, PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('该账号已停用，请联系系统管理员');
    expect((await http().get('/api/me').set('Cookie', cookie)).status).toBe(401);
    // A wrong password tells nothing of the account.
    expect((await signIn(login, 'Wrong2026password')).body.message).toBe('账号或密码错误');
  });

  it('ends a session after the idle limit and after the absolute limit', async () => {
    const t0 = Date.now();
    clock.mockReturnValue(t0);
    const idle = await signedIn(await person());
    clock.mockReturnValue(t0 + 29 * MINUTE);
    expect((await http().get('/api/me').set('Cookie', idle)).status).toBe(200);
    clock.mockReturnValue(t0 + 58 * MINUTE);
    expect((await http().get('/api/me').set('Cookie', idle)).status).toBe(200);
    clock.mockReturnValue(t0 + 89 * MINUTE);
    const expired = await http().get('/api/me').set('Cookie', idle);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe('登录已过期，请重新登录');

    clock.mockReturnValue(t0);
    const busy = await signedIn(await person());
    for (let minute = 20; minute < 12 * 60; minute += 20) {
      clock.mockReturnValue(t0 + minute * MINUTE);
      expect((await http().get('/api/me').set('Cookie', busy)).status).toBe(200);
    }
    clock.mockReturnValue(t0 + 12 * 60 * MINUTE);
    expect((await http().get('/api/me').set('Cookie', busy)).status).toBe(401);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const cookie = await signedIn(await person());
    const out = await http().post('/api/auth/sign-out').set(CSRF).set('Cookie', cookie);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/cascade_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await http().get('/api/me').set('Cookie', cookie)).status).toBe(401);
  });

  it('requires X-Requested-With on writes by cookie, and on sign-in and sign-out', async () => {
    const login = await person();
    const cookie = await signedIn(login);
    const bare = await http()
      .post('/api/me/password')
      .set('Cookie', cookie)
      .send({ current: PASSWORD, next: 'Another2026pass' });
    expect(bare.status).toBe(403);
    expect(bare.body.message).toContain('X-Requested-With');
    expect((await signIn(login, PASSWORD, {})).status).toBe(403);
    expect((await http().post('/api/auth/sign-out').set('Cookie', cookie)).status).toBe(403);
    // Reads need no header; the session is still live.
    expect((await http().get('/api/me').set('Cookie', cookie)).status).toBe(200);
  });

  it('changes the password: other sessions end, this one stays, the old password stops working', async () => {
    const login = await person();
    const here = await signedIn(login);
    const elsewhere = await signedIn(login);
    const change = (cookie: string, body: object) =>
      http().post('/api/me/password').set(CSRF).set('Cookie', cookie).send(body);

    const wrong = await change(here, { current: 'Wrong2026password', next: 'Another2026pass' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'WRONG_PASSWORD', message: '当前密码不正确' });
    const weak = await change(here, { current: PASSWORD, next: 'onlyletterspassword' });
    expect(weak.status).toBe(422);
    expect(weak.body.message).toBe('新密码不符合要求：密码须同时包含字母和数字');
    const short = await change(here, { current: PASSWORD, next: 'Ab1' });
    expect(short.status).toBe(400);

    expect((await change(here, { current: PASSWORD, next: 'Another2026pass' })).status).toBe(204);
    expect((await http().get('/api/me').set('Cookie', here)).status).toBe(200);
    expect((await http().get('/api/me').set('Cookie', elsewhere)).status).toBe(401);
    expect((await signIn(login, PASSWORD)).status).toBe(401);
    expect((await signIn(login, 'Another2026pass')).status).toBe(200);
  });

  it('serves no demo accounts outside demo mode', async () => {
    const response = await http().get('/api/demo/accounts');
    expect(response.status).toBe(404);
    expect(response.body.message).toBe('未开启演示模式（CASCADE_DEMO=1）');
  });

  it('keeps bearer tokens working, naming no person, and refuses them a password change', async () => {
    const me = await running.harness.get('/api/me', ['141000', 'leader']);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ unitCode: '141000', role: 'leader', roleName: '领导', name: null, login: null });
    const change = await running.harness.post('/api/me/password', { current: PASSWORD, next: 'Another2026pass' }, [
      '141000',
      'clerk',
    ]);
    expect(change.status).toBe(403);
  });

  it('names the person and the unit in 留痕 for what the person did', async () => {
    const h = running.harness;
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2026〕19号',
        title: '关于开展养老服务质量检查的通知',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString(),
      },
      ['140000', 'clerk'],
    );
    expect(issued.status).toBe(201);
    const assignmentId = workflowIds.assignment(issued.body.id, '141000');
    const cookie = await signedIn(await person('141000', 'clerk', '临汾市民政局收文员甲'));
    const acknowledged = await http()
      .post(`/api/assignments/${encodeURIComponent(assignmentId)}/acknowledge`)
      .set(CSRF)
      .set('Cookie', cookie)
      .send({});
    expect(acknowledged.status).toBe(200);
    const events = await eventually(
      () => http().get(`/api/directives/${issued.body.id}/events`).set('Cookie', cookie),
      (response) => response.body.some?.((event: { type: string }) => event.type === 'ASSIGNMENT_ACKNOWLEDGED'),
    );
    const ack = events.body.find((event: { type: string }) => event.type === 'ASSIGNMENT_ACKNOWLEDGED');
    expect(ack).toMatchObject({ actorUnit: '141000', actorRole: 'clerk', actorName: '临汾市民政局收文员甲' });
    // What a token did names no person.
    const delivered = events.body.find((event: { type: string }) => event.type === 'DIRECTIVE_ISSUED');
    expect(delivered?.actorName ?? null).toBeNull();
  });

  it('names the person who issues a directive', async () => {
    const cookie = await signedIn(await person('140000', 'clerk', '山西省民政厅收文员乙'));
    const issued = await http()
      .post('/api/directives')
      .set(CSRF)
      .set('Cookie', cookie)
      .send({
        docNumber: '晋民函〔2026〕20号',
        title: '关于做好冬季救助工作的通知',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString(),
      });
    expect(issued.status).toBe(201);
    const events = await eventually(
      () => http().get(`/api/directives/${issued.body.id}/events`).set('Cookie', cookie),
      (response) => response.body.some?.((event: { type: string }) => event.type === 'DIRECTIVE_ISSUED'),
    );
    expect(events.body.find((event: { type: string }) => event.type === 'DIRECTIVE_ISSUED')).toMatchObject({
      actorUnit: '140000',
      actorRole: 'clerk',
      actorName: '山西省民政厅收文员乙',
    });
  });
});
