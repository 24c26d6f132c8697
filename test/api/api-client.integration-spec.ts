import { ApiError, createCascadeApi, ok } from '@cascade/api-client';
import { workflowIds } from '@cascade/contracts';
import { previewApiDocument } from '../../libs/api-client/tools/preview-api-document';
import { useApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';

const DAY = 86_400_000;

describe('the typed API client (libs/api-client) against the running API', () => {
  const running = useApiHarness('sqlite');

  it('drives a directive from issue to 办结 and reads the tree and the 汇总表 with typed answers', async () => {
    const province = running.harness.client('140000');
    const linfen = running.harness.client('141000');
    const deadline = new Date((await running.env.currentTimeMs()) + 10 * DAY).toISOString();
    const created = await ok(
      province.POST('/api/directives', {
        body: {
          docNumber: '晋民函〔2024〕201号',
          title: '关于客户端测试的通知',
          issuerUnit: '140000',
          recipients: ['141000'],
          deadline,
        },
      }),
    );
    const id = workflowIds.assignment(created.id, '141000');
    expect(created.assignments).toEqual([{ id, unitCode: '141000', status: 'DELIVERED' }]);

    const inbox = await eventually(
      () => ok(linfen.GET('/api/units/{code}/inbox', { params: { path: { code: '141000' } } })),
      (items) => items.length === 1,
    );
    expect(inbox[0]).toMatchObject({ id, directiveId: created.id, status: 'DELIVERED', deadline });

    const params = { path: { id } };
    expect((await ok(linfen.POST('/api/assignments/{id}/acknowledge', { params, body: {} }))).status).toBe(
      'ACKNOWLEDGED',
    );
    expect(
      (await ok(linfen.POST('/api/assignments/{id}/report', { params, body: { content: '已开展主题活动 3 项' } })))
        .status,
    ).toBe('REPORTED');
    expect((await ok(province.POST('/api/assignments/{id}/accept', { params, body: {} }))).status).toBe('ACCEPTED');

    const tree = await eventually(
      () => ok(province.GET('/api/directives/{id}/tree', { params: { path: { id: created.id } } })),
      (t) => t.counts.ACCEPTED === 1,
    );
    expect(tree.nodes).toEqual([
      expect.objectContaining({ unitCode: '141000', unitName: '临汾市民政局', status: 'ACCEPTED' }),
    ]);
    const csv = await ok(
      province.GET('/api/directives/{id}/summary.csv', { params: { path: { id: created.id } }, parseAs: 'text' }),
    );
    expect(csv).toContain('临汾市民政局,已办结');
  });

  it('throws the API’s Chinese message with the status: an unknown assignment, invalid input', async () => {
    const linfen = running.harness.client('141000');
    const refused = ok(
      linfen.POST('/api/assignments/{id}/accept', {
        params: { path: { id: workflowIds.assignment('no-such-directive', '141000') } },
        body: {},
      }),
    );
    await expect(refused).rejects.toMatchObject({ name: 'ApiError', status: 404 });
    await expect(refused).rejects.toThrow(/[\u4e00-\u9fa5]/);

    const invalid = ok(
      running.harness.client('140000').POST('/api/directives', {
        body: { docNumber: '', title: '', issuerUnit: '140000', recipients: [], deadline: 'tomorrow' },
      }),
    );
    const error = await invalid.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    // One Chinese sentence, the code to branch on, and every wrong field named.
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect((error as ApiError).message).toMatch(/^请求参数有误：.*（共 \d+ 处）$/);
    expect((error as ApiError).fields.map((f) => f.field).sort()).toEqual([
      'deadline',
      'docNumber',
      'recipients',
      'title',
    ]);
  });

  it('reports a 401 to onUnauthorized and an unreachable server as status 0', async () => {
    let signedOut = 0;
    const stale = createCascadeApi({
      baseUrl: running.harness.baseUrl,
      token: () => 'revoked-or-unknown',
      onUnauthorized: () => signedOut++,
    });
    await expect(ok(stale.GET('/api/me'))).rejects.toMatchObject({ status: 401 });
    expect(signedOut).toBe(1);

    const nowhere = createCascadeApi({ baseUrl: 'http://127.0.0.1:9' });
    await expect(ok(nowhere.GET('/api/health'))).rejects.toEqual(new ApiError(0, '无法连接服务器，请检查网络'));
  });

  it('is generated from the document the running API serves (built without a database or Temporal)', async () => {
    const served = await (await fetch(`${running.harness.baseUrl}/api/docs-json`)).json();
    expect(await previewApiDocument()).toEqual(served);
  });
});
