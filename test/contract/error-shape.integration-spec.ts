import request from 'supertest';
import { useApiHarness } from '../support/api-harness';

/** The one error shape and the method rules over real HTTP, before and after routing. */
describe('errors over HTTP: one shape, 405 with Allow', () => {
  const running = useApiHarness('sqlite');
  const server = () => running.harness.app.getHttpServer();
  const admin = async () => `Bearer ${await running.harness.token('140000', 'admin')}`;

  it('answers an undeclared method on a known path 405 with Allow, and OPTIONS 204 with Allow', async () => {
    const put = await request(server())
      .put('/api/directives')
      .set('Authorization', await admin());
    expect({ status: put.status, allow: put.headers.allow, code: put.body.code }).toEqual({
      status: 405,
      allow: 'GET, POST, HEAD, OPTIONS',
      code: 'METHOD_NOT_ALLOWED',
    });
    expect(put.body.message).toMatch(/不支持 PUT 方法/);
    const trace = await request(server()).trace('/api/health');
    expect([trace.status, trace.headers.allow]).toEqual([405, 'GET, HEAD, OPTIONS']);
    const options = await request(server()).options('/api/assignments/x/report');
    expect([options.status, options.headers.allow]).toEqual([204, 'POST, OPTIONS']);
    const unknown = await request(server())
      .get('/api/nowhere')
      .set('Authorization', await admin());
    expect(unknown.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: '请求的资源不存在' });
  });

  it('answers malformed JSON, a wrong field and a missing token in the one shape, in Chinese', async () => {
    const malformed = await request(server())
      .post('/api/directives')
      .set('Authorization', await admin())
      .set('Content-Type', 'application/json')
      .send('{"docNumber": ');
    expect(malformed.body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: '请求体不是有效的 JSON' });

    const post = await running.harness.post('/api/escalations?page=1e308', {}, ['140000', 'admin']);
    const page = await running.harness.get('/api/escalations?page=1e308', ['140000', 'admin']);
    expect(post.status).toBe(405);
    expect(page.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '请求参数有误：page 不能大于 10000',
      fields: [{ field: 'page', message: 'page 不能大于 10000' }],
    });

    const anonymous = await request(server()).get('/api/directives');
    expect(anonymous.body).toEqual({
      statusCode: 401,
      code: 'UNAUTHORIZED',
      message: '需要登录：请登录，或在 Authorization 头中提供 Bearer 令牌',
    });
  });

  it('answers a path parameter out of its declared range 400 naming it', async () => {
    const response = await running.harness.post('/api/calendar/years/0', { holidays: [], workdays: [] }, [
      '140000',
      'admin',
    ]);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: '请求参数有误：year 必须是 1900 至 2200 之间的整数',
      fields: [{ field: 'year', message: 'year 必须是 1900 至 2200 之间的整数' }],
    });
  });
});
