import type { TestWorkflowEnvironment } from '@temporalio/testing';
import JSZip from 'jszip';
import type { FileRef } from '@cascade/contracts';
import { workflowIds } from '@cascade/contracts';
import { FilesRepository } from '@cascade/persistence';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';
import { pdfBytes, sha256, storeFile } from '../support/stored-files';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const PROVINCE = ['140000', 'clerk'] as [string, 'clerk'];
const LINFEN = ['141000', 'clerk'] as [string, 'clerk'];
const YAODU = ['141002', 'clerk'] as [string, 'clerk'];
const QUWO = ['141021', 'clerk'] as [string, 'clerk'];
const TAIYUAN = ['140100', 'clerk'] as [string, 'clerk'];

async function unzip(body: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(body);
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  }
  return files;
}

describe.each(databaseKinds())('documents travel with the directive (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let now: number;
  let provinceBody: FileRef;
  let provinceAnnex: FileRef;
  let linfenBody: FileRef;
  let revised: FileRef;
  let directiveId: string;
  let forwardId: string;
  const v1 = pdfBytes('尧都区 报送材料 第一版');
  const v2 = pdfBytes('尧都区 报送材料 第二版');

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind);
    now = await env.currentTimeMs();
    provinceBody = await storeFile(h, '140000', '晋民函〔2024〕169号.pdf', pdfBytes('晋民函〔2024〕169号'));
    provinceAnnex = await storeFile(h, '140000', '民函〔2024〕56号.pdf', pdfBytes('民函〔2024〕56号'));
    linfenBody = await storeFile(h, '141000', '临市民函〔2024〕89号.pdf', pdfBytes('临市民函〔2024〕89号'));
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  it('issues a directive with its 正文 and 附件 and lists them with download links', async () => {
    const issued = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2024〕169号',
        title: '关于开展老年人福利补贴发放情况自查的通知',
        issuerUnit: '140000',
        recipients: ['141000', '140100'],
        deadline: iso(now + 20 * DAY),
        documents: { bodyFileId: provinceBody.fileId, attachmentFileIds: [provinceAnnex.fileId] },
      },
      PROVINCE,
    );
    expect(issued.status).toBe(201);
    directiveId = issued.body.id;
    const detail = (
      await eventually(
        () => h.get(`/api/directives/${directiveId}`, PROVINCE),
        (response) => response.status === 200,
      )
    ).body;
    expect(detail.documents.bodyFile).toMatchObject({
      fileId: provinceBody.fileId,
      sha256: provinceBody.sha256,
      name: '晋民函〔2024〕169号.pdf',
      href: `/api/files/${provinceBody.fileId}`,
    });
    expect(detail.documents.attachments.map((f: FileRef) => f.fileId)).toEqual([provinceAnnex.fileId]);
    expect(detail.chain).toEqual([]);
    const uses = await h.app.get(FilesRepository).attachmentsOf(provinceBody.fileId);
    expect(uses).toEqual([expect.objectContaining({ id: `${directiveId}:BODY:0`, role: 'BODY', directiveId })]);
  });

  it('refuses a file of another unit as if it did not exist, and more files than a document may carry', async () => {
    const quwoDraft = await storeFile(h, '141021', '曲沃县草稿.pdf', pdfBytes('曲沃县草稿'));
    const foreign = await h.post(
      '/api/directives',
      {
        docNumber: '临市民函〔2024〕1号',
        title: '测试',
        issuerUnit: '141000',
        recipients: ['141022'],
        deadline: iso(now + 20 * DAY),
        documents: { bodyFileId: quwoDraft.fileId },
      },
      LINFEN,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.message).toBe(`文件 ${quwoDraft.fileId} 不存在`);
    const many = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2024〕170号',
        title: '测试',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: iso(now + 20 * DAY),
        documents: { attachmentFileIds: Array.from({ length: 21 }, (_, n) => `f${n}`) },
      },
      PROVINCE,
    );
    expect(many.status).toBe(422);
    expect(many.body.message).toContain('最多 20 个文件');
    const malformed = await h.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2024〕171号',
        title: '测试',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: iso(now + 20 * DAY),
        documents: { bodyFileId: '../etc/passwd' },
      },
      PROVINCE,
    );
    expect(malformed.status).toBe(400);
  });

  it('a forward carries its own 正文 and, as 附件, the upstream document', async () => {
    const assignmentId = workflowIds.assignment(directiveId, '141000');
    const forwarded = await h.post(
      `/api/assignments/${assignmentId}/forward`,
      {
        docNumber: '临市民函〔2024〕89号',
        title: '关于转发《关于开展老年人福利补贴发放情况自查的通知》的通知',
        recipients: ['141002'],
        deadline: iso(now + 15 * DAY),
        // Re-using the upstream 附件 is allowed (the city can read it) and listed once.
        documents: { bodyFileId: linfenBody.fileId, attachmentFileIds: [provinceAnnex.fileId] },
      },
      LINFEN,
    );
    expect(forwarded.status).toBe(200);
    forwardId = forwarded.body.forward.directiveId;
    const forward = (
      await eventually(
        () => h.get(`/api/directives/${forwardId}`, LINFEN),
        (response) => response.status === 200,
      )
    ).body;
    expect(forward.documents.bodyFile.fileId).toBe(linfenBody.fileId);
    expect(forward.documents.attachments.map((f: FileRef) => f.fileId)).toEqual([
      provinceBody.fileId,
      provinceAnnex.fileId,
    ]);
    expect(forward.chain).toEqual([
      {
        directiveId,
        docNumber: '晋民函〔2024〕169号',
        title: '关于开展老年人福利补贴发放情况自查的通知',
        issuerUnit: '140000',
        issuerName: '山西省民政厅',
        href: `/api/directives/${directiveId}`,
      },
    ]);
  });

  it('a county reads the province’s notice it received through the city, with its files; others get 404', async () => {
    const upstream = await h.get(`/api/directives/${directiveId}`, YAODU);
    expect(upstream.status).toBe(200);
    expect(upstream.body.documents.bodyFile.fileId).toBe(provinceBody.fileId);
    // Read-only: only its own node of the tree, and it may not withdraw or amend it.
    const tree = await h.get(`/api/directives/${directiveId}/tree`, YAODU);
    expect(tree.status).toBe(200);
    const amend = await h.post(`/api/directives/${directiveId}/amend`, { note: '改', title: '改' }, YAODU);
    expect(amend.status).toBe(403);
    // Its files follow: the county downloads the province's 正文 byte for byte; others cannot.
    const body = await h.download(`/api/files/${provinceBody.fileId}`, YAODU);
    expect(body.status).toBe(200);
    expect(sha256(body.body as Buffer)).toBe(provinceBody.sha256);
    expect((await h.download(`/api/files/${provinceBody.fileId}`, QUWO)).status).toBe(404);
    expect((await h.download(`/api/files/${provinceBody.fileId}`, ['140200', 'clerk'])).status).toBe(404);
    // 曲沃 (same city, not a recipient of the forward) and a peer city see nothing.
    expect((await h.get(`/api/directives/${directiveId}`, QUWO)).status).toBe(404);
    expect((await h.get(`/api/directives/${directiveId}`, ['140200', 'clerk'])).status).toBe(404);
    // 太原 received the province's notice but not the city's forward.
    expect((await h.get(`/api/directives/${forwardId}`, TAIYUAN)).status).toBe(404);
  });

  it('a county reports with files, a return keeps each version’s files, and the city downloads them as one ZIP', async () => {
    const assignmentId = workflowIds.assignment(forwardId, '141002');
    expect((await h.post(`/api/assignments/${assignmentId}/acknowledge`, {}, YAODU)).status).toBe(200);
    const first = await storeFile(h, '141002', '尧都区自查报告.pdf', v1);
    const reported = await h.post(
      `/api/assignments/${assignmentId}/report`,
      { content: '已完成自查，详见附件。', fileIds: [first.fileId] },
      YAODU,
    );
    expect(reported.status).toBe(200);
    expect(reported.body.reports[0].files).toEqual([
      expect.objectContaining({ fileId: first.fileId, sha256: sha256(v1), href: `/api/files/${first.fileId}` }),
    ]);
    // Another unit's private upload is not the county's to send.
    const quwoFile = await storeFile(h, '141021', '曲沃县.pdf', pdfBytes('曲沃县'));
    const foreign = await h.post(
      `/api/assignments/${assignmentId}/report`,
      { content: 'x', fileIds: [quwoFile.fileId] },
      YAODU,
    );
    expect(foreign.status).toBe(404);

    expect((await h.post(`/api/assignments/${assignmentId}/return`, { reason: '请补充数据' }, LINFEN)).status).toBe(
      200,
    );
    const second = await storeFile(h, '141002', '尧都区自查报告.pdf', v2);
    const again = await h.post(
      `/api/assignments/${assignmentId}/report`,
      { content: '已补充数据。', fileIds: [second.fileId] },
      YAODU,
    );
    expect(again.status).toBe(200);
    expect(again.body.reports.map((r: { files: FileRef[] }) => r.files.map((f) => f.fileId))).toEqual([
      [first.fileId],
      [second.fileId],
    ]);

    const listed = await eventually(
      () => h.get(`/api/directives/${forwardId}/reports?unit=141002`, LINFEN),
      (response) => response.body[0]?.versions?.length === 2,
    );
    expect(listed.body).toEqual([
      expect.objectContaining({
        unitCode: '141002',
        unitName: '尧都区民政局',
        versions: [
          expect.objectContaining({
            version: 1,
            status: 'RETURNED',
            returnReason: '请补充数据',
            files: [expect.objectContaining({ fileId: first.fileId, href: `/api/files/${first.fileId}` })],
          }),
          expect.objectContaining({
            version: 2,
            status: 'SUBMITTED',
            files: [expect.objectContaining({ fileId: second.fileId })],
          }),
        ],
      }),
    ]);
    // A county sees its own reports only.
    const own = await h.get(`/api/directives/${forwardId}/reports`, YAODU);
    expect(own.body.map((u: { unitCode: string }) => u.unitCode)).toEqual(['141002']);

    const zip = await eventually(
      async () => {
        const response = await h.download(`/api/directives/${forwardId}/reports.zip`, LINFEN);
        return { response, files: response.status === 200 ? await unzip(response.body as Buffer) : new Map() };
      },
      ({ files }) =>
        files.has('尧都区民政局/尧都区自查报告.pdf') && files.has('尧都区民政局/第1版（已退回）/尧都区自查报告.pdf'),
    );
    expect(zip.response.headers['content-type']).toBe('application/zip');
    expect(zip.response.headers['content-disposition']).toContain(
      encodeURIComponent('临市民函〔2024〕89号-报送材料.zip'),
    );
    const { files } = zip;
    expect(sha256(files.get('尧都区民政局/尧都区自查报告.pdf')!)).toBe(sha256(v2));
    expect(sha256(files.get('尧都区民政局/第1版（已退回）/尧都区自查报告.pdf')!)).toBe(sha256(v1));
    expect(files.get('尧都区民政局/报送内容.txt')!.toString('utf8')).toBe('已补充数据。');
    expect(files.has('汇总表.xlsx')).toBe(true);
  });

  it('the province gets its level or its whole subtree, one unit, and bad parameters are 400/404', async () => {
    const level = await h.download(`/api/directives/${directiveId}/reports.zip?scope=level`, PROVINCE);
    expect(level.status).toBe(200);
    expect([...(await unzip(level.body as Buffer)).keys()]).toEqual(['汇总表.xlsx']);
    const subtree = await h.download(`/api/directives/${directiveId}/reports.zip?scope=subtree`, PROVINCE);
    expect(subtree.status).toBe(200);
    const files = await unzip(subtree.body as Buffer);
    expect(sha256(files.get('尧都区民政局/尧都区自查报告.pdf')!)).toBe(sha256(v2));
    const one = await h.download(`/api/directives/${forwardId}/reports.zip?unit=141002`, LINFEN);
    expect([...(await unzip(one.body as Buffer)).keys()].filter((n) => n.startsWith('尧都区民政局/'))).toHaveLength(4);
    expect((await h.get(`/api/directives/${forwardId}/reports.zip?unit=141099`, LINFEN)).status).toBe(404);
    expect((await h.get(`/api/directives/${forwardId}/reports.zip?scope=all`, LINFEN)).status).toBe(400);
    // A peer city never sees the city's reports.
    expect((await h.get(`/api/directives/${forwardId}/reports.zip`, TAIYUAN)).status).toBe(404);
  });

  it('an amendment replaces the 正文 file as a new version; the old file stays attached', async () => {
    revised = await storeFile(h, '140000', '晋民函〔2024〕169号（更正）.pdf', pdfBytes('更正'));
    const amended = await h.post(
      `/api/directives/${directiveId}/amend`,
      { note: '更正正文', documents: { bodyFileId: revised.fileId } },
      PROVINCE,
    );
    expect(amended.status).toBe(200);
    const detail = (
      await eventually(
        () => h.get(`/api/directives/${directiveId}`, PROVINCE),
        (response) => response.body.version === 2,
      )
    ).body;
    expect(detail.documents.bodyFile.fileId).toBe(revised.fileId);
    expect(detail.documents.attachments.map((f: FileRef) => f.fileId)).toEqual([provinceAnnex.fileId]);
    const repository = h.app.get(FilesRepository);
    expect((await repository.attachmentsOf(provinceBody.fileId)).map((a) => a.id)).toContain(`${directiveId}:BODY:0`);
    expect((await repository.attachmentsOf(revised.fileId)).map((a) => a.id)).toEqual([`${directiveId}:v2:BODY:0`]);
    // The city's forward keeps its own 正文.
    const forward = await h.get(`/api/directives/${forwardId}`, LINFEN);
    expect(forward.body.documents.bodyFile.fileId).toBe(linfenBody.fileId);
  });

  it('a forward amended with new 附件 still lists the upstream document first, as amended above', async () => {
    const annex = await storeFile(h, '141000', '统计表.pdf', pdfBytes('统计表'));
    const amended = await h.post(
      `/api/directives/${forwardId}/amend`,
      { note: '补充统计表', documents: { attachmentFileIds: [annex.fileId] } },
      LINFEN,
    );
    expect(amended.status).toBe(200);
    const forward = (
      await eventually(
        () => h.get(`/api/directives/${forwardId}`, LINFEN),
        // The province's amendment reached the forward as a version of its own before this one.
        (response) => response.body.documents.attachments.some((f: FileRef) => f.fileId === annex.fileId),
      )
    ).body;
    expect(forward.documents.bodyFile.fileId).toBe(linfenBody.fileId);
    expect(forward.documents.attachments.map((f: FileRef) => f.fileId)).toEqual([
      revised.fileId,
      provinceAnnex.fileId,
      annex.fileId,
    ]);
  });
});
