import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type FileRef, workflowIds } from '@cascade/contracts';
import type { ApiRole } from '@cascade/persistence';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';
import { pdfBytes, sha256, storeFile } from '../support/stored-files';

const DAY = 86_400_000;
/** 省老龄办: under 省卫健委, not above 民政厅; it issues to 民政厅 by a declared relation only. */
const AGING_OFFICE: [string, ApiRole] = ['140000M05L', 'clerk'];
const PROVINCE: [string, ApiRole] = ['140000', 'clerk'];
const LINFEN: [string, ApiRole] = ['141000', 'clerk'];

/**
 * Documents of a directive that reached a unit through a declared relation, from outside the
 * issuer's subtree: the recipient, and the units it forwards to, read the chain and its files.
 */
describe.each(databaseKinds())('files of a directive issued through a declared relation (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let body: FileRef;
  let annex: FileRef;
  let d1: string;
  let d2: string;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    const now = await env.currentTimeMs();
    body = await storeFile(h, '140000M05L', '晋老龄办发〔2024〕5号.pdf', pdfBytes('晋老龄办发〔2024〕5号'));
    annex = await storeFile(h, '140000M05L', '敬老月活动安排.pdf', pdfBytes('敬老月活动安排'));
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '晋老龄办发〔2024〕5号',
        title: '关于开展2024年全省敬老月活动的通知',
        issuerUnit: '140000M05L',
        recipients: ['140000', '140000M01'],
        deadline: new Date(now + 20 * DAY).toISOString(),
        documents: { bodyFileId: body.fileId, attachmentFileIds: [annex.fileId] },
      },
      AGING_OFFICE,
    );
    expect(issued.status).toBe(201);
    d1 = issued.body.id;
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  async function expectReadable(file: FileRef, as: [string, ApiRole]): Promise<void> {
    const response = await h.download(`/api/files/${file.fileId}`, as);
    expect(response.status).toBe(200);
    expect(sha256(response.body as Buffer)).toBe(file.sha256);
  }

  it('lets the recipient read the directive and its 正文 and 附件', async () => {
    const directive = await eventually(
      () => h.get(`/api/directives/${d1}`, PROVINCE),
      (r) => r.status === 200,
    );
    expect(directive.body.documents.bodyFile.fileId).toBe(body.fileId);
    await expectReadable(body, PROVINCE);
    await expectReadable(annex, PROVINCE);
    // A unit neither related nor a recipient sees nothing.
    expect((await h.download(`/api/files/${body.fileId}`, ['140200', 'clerk'])).status).toBe(404);
  });

  it('lets a unit below the recipient read the upstream notice and its files through the forward', async () => {
    const a = workflowIds.assignment(d1, '140000');
    await eventually(
      () => h.post(`/api/assignments/${a}/acknowledge`, {}, PROVINCE),
      (r) => r.status === 200,
    );
    const own = await storeFile(h, '140000', '晋民函〔2024〕170号.pdf', pdfBytes('晋民函〔2024〕170号'));
    const forwarded = await h.post(
      `/api/assignments/${a}/forward`,
      {
        docNumber: '晋民函〔2024〕170号',
        title: '转发省老龄办关于开展2024年全省敬老月活动的通知',
        recipients: ['141000'],
        deadline: new Date((await env.currentTimeMs()) + 10 * DAY).toISOString(),
        documents: { bodyFileId: own.fileId },
      },
      PROVINCE,
    );
    expect(forwarded.status).toBe(200);
    d2 = forwarded.body.forward.directiveId;

    const forward = await eventually(
      () => h.get(`/api/directives/${d2}`, LINFEN),
      (r) => r.status === 200,
    );
    expect(forward.body.documents.attachments.map((f: FileRef) => f.fileId)).toEqual([body.fileId, annex.fileId]);
    expect(forward.body.chain).toEqual([
      expect.objectContaining({ directiveId: d1, docNumber: '晋老龄办发〔2024〕5号', issuerUnit: '140000M05L' }),
    ]);
    const upstream = await h.get(`/api/directives/${d1}`, LINFEN);
    expect(upstream.status).toBe(200);
    await expectReadable(body, LINFEN);
    await expectReadable(annex, LINFEN);
    // A peer city received nothing of it.
    expect((await h.get(`/api/directives/${d1}`, ['140100', 'clerk'])).status).toBe(404);
    expect((await h.download(`/api/files/${annex.fileId}`, ['140100', 'clerk'])).status).toBe(404);
  });

  it('lets the related issuer read the recipient’s report files, and no one else outside', async () => {
    const a = workflowIds.assignment(d1, '140000M01');
    await eventually(
      () => h.post(`/api/assignments/${a}/acknowledge`, {}, ['140000M01', 'clerk']),
      (r) => r.status === 200,
    );
    const report = await storeFile(h, '140000M01', '敬老月活动总结.pdf', pdfBytes('敬老月活动总结'));
    const reported = await h.post(
      `/api/assignments/${a}/report`,
      { content: '已完成，详见附件。', fileIds: [report.fileId] },
      ['140000M01', 'clerk'],
    );
    expect(reported.status).toBe(200);
    await expectReadable(report, AGING_OFFICE);
    // 民政厅, a recipient of the same notice, does not read another member's report.
    expect((await h.download(`/api/files/${report.fileId}`, PROVINCE)).status).toBe(404);
  });
});
