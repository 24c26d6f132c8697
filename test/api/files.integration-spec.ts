import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_STORAGE } from '@cascade/config';
import { type ApiRole, FilesRepository, StoredFileEntity } from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';
import { issueAndForward } from '../support/forward-chain';
import { samples } from '../support/sample-files';
import { UsageError } from '../../apps/cli/src/commands/command';
import { filesGetCommand, filesPutCommand } from '../../apps/cli/src/commands/files.command';

const MAX_BYTES = 1024 * 1024;
const ROLES: ApiRole[] = ['clerk', 'leader', 'supervisor', 'admin'];
/** Where the caller's unit stands relative to 临汾市民政局 (141000), which uploads every file here. */
const RELATIONS = { own: '141000', subordinate: '141002', superior: '140000', unrelated: '140200' } as const;
type Relation = keyof typeof RELATIONS;
type Row = [number, number, number, number];

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

describe.each(databaseKinds())('files over HTTP (%s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let storeDir: string;

  beforeAll(async () => {
    storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-files-api-'));
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, kind, (config) => ({
      ...config,
      storage: { ...DEFAULT_STORAGE, url: `file://${storeDir}`, maxFileBytes: MAX_BYTES },
    }));
  });

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
    fs.rmSync(storeDir, { recursive: true, force: true });
  });

  async function upload(content: Buffer, filename: string, as: [string, ApiRole?] = ['141000'], name?: string) {
    const call = request(h.app.getHttpServer())
      .post('/api/files')
      .set('Authorization', `Bearer ${await h.token(as[0], as[1])}`);
    if (name !== undefined) call.field('name', name);
    return call.attach('file', content, { filename, contentType: 'application/octet-stream' });
  }

  async function download(id: string, headers: Record<string, string> = {}, as: [string, ApiRole?] = ['141000']) {
    return request(h.app.getHttpServer())
      .get(`/api/files/${id}`)
      .set({ Authorization: `Bearer ${await h.token(as[0], as[1])}`, ...headers })
      .responseType('blob');
  }

  const rowCount = () => h.app.get(DataSource).getRepository(StoredFileEntity).count();
  const leftovers = () => fs.readdirSync(path.join(storeDir, 'tmp'));

  describe('upload and download', () => {
    it('stores a PDF and gives back the same bytes with type, length, ETag and the Chinese name', async () => {
      const content = samples.pdf();
      const created = await upload(content, '关于报送2024年度工作总结的通知.pdf');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
        name: '关于报送2024年度工作总结的通知.pdf',
        size: content.length,
        sha256: sha256(content),
        mediaType: 'application/pdf',
        uploadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });

      const got = await download(created.body.id);
      expect(got.status).toBe(200);
      expect(Buffer.compare(got.body as Buffer, content)).toBe(0);
      expect(got.headers).toMatchObject({
        'content-type': 'application/pdf',
        'content-length': String(content.length),
        etag: `"${sha256(content)}"`,
        'accept-ranges': 'bytes',
      });
      expect(got.headers['content-disposition']).toBe(
        `attachment; filename="????2024?????????.pdf"; filename*=UTF-8''${encodeURIComponent('关于报送2024年度工作总结的通知.pdf')}`,
      );
      const inline = await download(`${created.body.id}?inline=1`);
      expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    });

    it('answers Range with 206, a range outside the file with 416, a current ETag with 304, HEAD without a body', async () => {
      const content = samples.text('0123456789abcdefghij');
      const { body: file } = await upload(content, 'digits.txt');

      const part = await download(file.id, { Range: 'bytes=2-5' });
      expect(part.status).toBe(206);
      expect((part.body as Buffer).toString()).toBe('2345');
      expect(part.headers['content-range']).toBe(`bytes 2-5/${content.length}`);
      expect(part.headers['content-length']).toBe('4');
      const suffix = await download(file.id, { Range: 'bytes=-3' });
      expect((suffix.body as Buffer).toString()).toBe('hij');

      const outside = await download(file.id, { Range: 'bytes=100-200' });
      expect(outside.status).toBe(416);
      expect(outside.headers['content-range']).toBe(`bytes */${content.length}`);
      expect(JSON.parse((outside.body as Buffer).toString()).message).toMatch(/字节范围/);

      expect((await download(file.id, { 'If-None-Match': `"${file.sha256}"` })).status).toBe(304);
      expect((await download(file.id, { 'If-None-Match': '"other"' })).status).toBe(200);
      // A stale If-Range gets the whole file rather than a piece of another version.
      const stale = await download(file.id, { Range: 'bytes=2-5', 'If-Range': '"other"' });
      expect(stale.status).toBe(200);
      expect((stale.body as Buffer).length).toBe(content.length);

      const head = await request(h.app.getHttpServer())
        .head(`/api/files/${file.id}`)
        .set('Authorization', `Bearer ${await h.token('141000')}`);
      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(content.length));
      expect(head.headers['content-type']).toBe('text/plain; charset=utf-8');
    });

    it('cleans the name of path and control characters and keeps Chinese; a name field wins', async () => {
      const dirty = await upload(samples.pdf(), '..\\..\\etc/关于开展\u202e工作的通知.pdf');
      expect(dirty.body.name).toBe('关于开展工作的通知.pdf');
      const named = await upload(samples.pdf(), 'scan0001.pdf', ['141000'], '../附件1\u0007：名单\r\n.pdf');
      expect(named.body.name).toBe('附件1：名单.pdf');
      const nameless = await upload(samples.pdf(), 'x.pdf', ['141000'], '../\u0001\u0002');
      expect(nameless.body.name).toBe('未命名文件');
    });

    it.each([
      ['PNG', () => samples.png(), 'photo.jpg', 'image/png'],
      ['JPG', () => samples.jpg(), 'photo', 'image/jpeg'],
      [
        'DOCX',
        () => samples.docx(),
        'report.zip',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ],
      ['OFD', () => samples.ofd(), '通知.ofd', 'application/ofd'],
      ['ZIP', () => samples.zip({ 'a.txt': 'a' }), '材料.zip', 'application/zip'],
      ['WPS (OLE2)', () => samples.ole2(), '报告.wps', 'application/kswps'],
      ['ET (OLE2)', () => samples.ole2(), '统计.et', 'application/kset'],
      ['DOC (OLE2)', () => samples.ole2(), '报告.DOC', 'application/msword'],
      ['XLS (OLE2)', () => samples.ole2(), '汇总表.xls', 'application/vnd.ms-excel'],
      ['UTF-8 text', () => samples.text(), '说明', 'text/plain; charset=utf-8'],
    ])('tells %s by its content', async (_kind, make, filename, mediaType) => {
      const response = await upload(await make(), filename);
      expect(response.status).toBe(201);
      expect(response.body.mediaType).toBe(mediaType);
    });

    it.each([
      ['an executable named .pdf', () => samples.exe(), 'report.pdf'],
      ['an OLE2 file that is no document (.msi)', () => samples.ole2(), 'setup.msi'],
      ['text in GBK', () => Buffer.from([0xb9, 0xd8, 0xd3, 0xda, 0x0a]), 'notice.txt'],
      ['binary bytes', () => Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'data.bin'],
    ])('refuses %s with 415 and keeps nothing', async (_what, make, filename) => {
      const before = await rowCount();
      const response = await upload(make(), filename);
      expect(response.status).toBe(415);
      expect(response.body.message).toMatch(/^不支持的文件类型/);
      expect(await rowCount()).toBe(before);
    });

    it('refuses text whose NUL byte comes after the part the type is told from, and keeps nothing', async () => {
      const before = await rowCount();
      const content = Buffer.concat([Buffer.alloc(400 * 1024, 'a'), Buffer.from([0]), Buffer.alloc(10, 'b')]);
      const response = await upload(content, 'long.txt');
      expect(response.status).toBe(415);
      expect(await rowCount()).toBe(before);
      expect(leftovers()).toEqual([]);
    });

    it('refuses an empty file with 422 and a file over the limit with 413, keeping nothing', async () => {
      const before = await rowCount();
      const empty = await upload(Buffer.alloc(0), 'empty.pdf');
      expect(empty.status).toBe(422);
      expect(empty.body.message).toBe('文件为空');
      const large = await upload(Buffer.concat([samples.pdf(), Buffer.alloc(MAX_BYTES, 1)]), 'large.pdf');
      expect(large.status).toBe(413);
      expect(large.body.message).toBe('文件超过 1 MB 的上限');
      expect(await rowCount()).toBe(before);
      expect(leftovers()).toEqual([]);
      // Exactly at the limit is fine.
      const atLimit = Buffer.concat([samples.pdf(), Buffer.alloc(MAX_BYTES - samples.pdf().length, 2)]);
      expect((await upload(atLimit, 'limit.pdf')).status).toBe(201);
    });

    it('answers a request without a file part 400 and one that is not multipart 415', async () => {
      const token = await h.token('141000');
      const noFile = await request(h.app.getHttpServer())
        .post('/api/files')
        .set('Authorization', `Bearer ${token}`)
        .field('name', 'x.pdf');
      expect(noFile.status).toBe(400);
      expect(noFile.body.message).toMatch(/字段 file/);
      const json = await h.post('/api/files', { file: 'x' }, ['141000']);
      expect(json.status).toBe(415);
      expect(json.body.message).toMatch(/multipart\/form-data/);
      const unauthenticated = await request(h.app.getHttpServer())
        .post('/api/files')
        .attach('file', samples.pdf(), 'a.pdf');
      expect(unauthenticated.status).toBe(401);
    });

    it('takes the file itself as application/octet-stream with ?name=, refusing as a form upload does', async () => {
      const token = await h.token('141000');
      const raw = (content: Buffer, query = '') =>
        request(h.app.getHttpServer())
          .post(`/api/files${query}`)
          .set({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' })
          .send(content);
      const content = Buffer.concat([samples.pdf(), Buffer.alloc(700 * 1024, 7)]);
      const stored = await raw(content, `?name=${encodeURIComponent('../临汾市\u0007情况报告.pdf')}`);
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({
        name: '临汾市情况报告.pdf',
        size: content.length,
        sha256: sha256(content),
        mediaType: 'application/pdf',
      });
      const back = await download(stored.body.id);
      expect(sha256(back.body as Buffer)).toBe(sha256(content));
      expect((await raw(samples.pdf())).body.name).toBe('未命名文件');

      const before = await rowCount();
      expect((await raw(Buffer.alloc(0), '?name=a.pdf')).status).toBe(422);
      const large = await raw(Buffer.concat([samples.pdf(), Buffer.alloc(MAX_BYTES, 1)]), '?name=b.pdf');
      expect(large.status).toBe(413);
      expect(large.body.message).toBe('文件超过 1 MB 的上限');
      expect((await raw(Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), '?name=c.bin')).status).toBe(415);
      expect((await raw(samples.pdf(), `?name=${'x'.repeat(256)}`)).status).toBe(400);
      expect(await rowCount()).toBe(before);
      expect(leftovers()).toEqual([]);
    });

    it('answers 503 when the retention sweep removes the same bytes as the upload is recorded; the retry keeps them', async () => {
      const content = Buffer.concat([samples.pdf(), Buffer.from('expired and sent again at the same moment')]);
      const expired = (await upload(content, 'expired.pdf')).body as { id: string; sha256: string };
      const object = path.join(
        storeDir,
        'objects',
        expired.sha256.slice(0, 2),
        expired.sha256.slice(2, 4),
        expired.sha256,
      );
      const before = await rowCount();
      const store = h.app.get<FileStore>(FILE_STORE);
      let racing: Promise<request.Response> | null = null;
      const removed = await h.app.get(FilesRepository).deleteExpiredUpload(expired, async (sha256) => {
        // The new upload has put its copy in place (a new file under the same name) and now records its row.
        const { ino } = fs.statSync(object);
        racing = upload(content, 'again.pdf');
        await eventually(
          async () => fs.statSync(object, { throwIfNoEntry: false })?.ino,
          (now) => now !== undefined && now !== ino,
        );
        await store.delete(sha256);
      });
      expect(removed).toEqual({ file: true, content: true });
      const refused = await racing!;
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(await rowCount()).toBe(before - 1);
      const again = await upload(content, 'again.pdf');
      expect(again.status).toBe(201);
      expect(await store.stat(expired.sha256)).toEqual({ sha256: expired.sha256, size: content.length });
    });

    it.each([
      ['a form', 'multipart/form-data; boundary=cascade-interrupted', ''],
      ['the file itself', 'application/octet-stream', '?name=half.txt'],
    ])('leaves nothing visible when the client goes away in the middle of an upload (%s)', async (_, type, query) => {
      const before = await rowCount();
      const interrupted = http.request(`${h.baseUrl}/api/files${query}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await h.token('141000')}`,
          'Content-Type': type,
          'Content-Length': String(MAX_BYTES),
        },
      });
      interrupted.on('error', () => undefined);
      if (type.startsWith('multipart'))
        interrupted.write(
          `--cascade-interrupted\r\nContent-Disposition: form-data; name="file"; filename="half.txt"\r\nContent-Type: text/plain\r\n\r\n`,
        );
      interrupted.write(Buffer.alloc(300 * 1024, 'a'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      interrupted.destroy();
      await eventually(
        async () => leftovers().length,
        (n) => n === 0,
      );
      expect(await rowCount()).toBe(before);
    });

    it('answers an unknown id and a bad query with 404 and 400', async () => {
      expect((await download('0123456789abcdef0123456789abcdef')).status).toBe(404);
      expect((await h.get('/api/files/nope/meta', ['141000'])).body.message).toBe('文件 nope 不存在');
      const { body: file } = await upload(samples.pdf(), 'a.pdf');
      expect((await download(`${file.id}?inline=maybe`)).status).toBe(400);
    });
  });

  describe('cascade files put and get', () => {
    /** Runs a command as `cascade …` would: its exit code and what it printed. */
    async function run(command: { run(args: string[]): Promise<number | void> }, args: string[]) {
      const out: string[] = [];
      const err: string[] = [];
      const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
      const stderr = jest
        .spyOn(process.stderr, 'write')
        .mockImplementation((chunk: string | Uint8Array) => (err.push(String(chunk)), true));
      try {
        return { code: await command.run(args), out: out.join('\n'), err: err.join('') };
      } finally {
        log.mockRestore();
        stderr.mockRestore();
      }
    }

    it('uploads a file and downloads the same bytes, over HTTP with a token', async () => {
      const token = await h.token('141002');
      const source = path.join(storeDir, '尧都区报送材料.pdf');
      const content = Buffer.concat([samples.pdf(), Buffer.alloc(600 * 1024, 9)]);
      fs.writeFileSync(source, content);

      const put = await run(filesPutCommand, [
        source,
        '--name',
        '尧都区：报送材料.pdf',
        '--api',
        h.baseUrl,
        '--token',
        token,
      ]);
      expect(put.code).toBe(0);
      const uploaded = JSON.parse(put.out);
      expect(uploaded).toMatchObject({ name: '尧都区：报送材料.pdf', size: content.length, sha256: sha256(content) });

      const target = path.join(storeDir, 'downloaded.pdf');
      const get = await run(filesGetCommand, [uploaded.id, '-o', target, '--api', h.baseUrl, '--token', token]);
      expect(get.code).toBe(0);
      expect(sha256(fs.readFileSync(target))).toBe(uploaded.sha256);
      expect(get.err).toMatch(/已保存/);

      // Another unit's file is as unknown as a missing one.
      const other = await run(filesGetCommand, [
        uploaded.id,
        '-o',
        target,
        '--api',
        h.baseUrl,
        '--token',
        await h.token('141021'),
      ]);
      expect(other).toMatchObject({ code: 1, err: `下载失败 404：文件 ${uploaded.id} 不存在\n` });
      const refused = await run(filesPutCommand, [source, '--api', h.baseUrl, '--token', 'cas_not-a-token']);
      expect(refused).toMatchObject({ code: 1, err: '上传失败 401：令牌无效\n' });
    });

    it('says how to call it when words are missing', async () => {
      const saved = process.env.CASCADE_TOKEN;
      delete process.env.CASCADE_TOKEN;
      try {
        await expect(run(filesPutCommand, [])).rejects.toThrow(UsageError);
        await expect(run(filesPutCommand, ['/nonexistent/file.pdf', '--api', h.baseUrl])).rejects.toThrow(/找不到文件/);
        await expect(run(filesGetCommand, ['abc', '--api', h.baseUrl])).rejects.toThrow(/缺少令牌/);
        await expect(run(filesGetCommand, ['abc', '--bogus'])).rejects.toThrow(UsageError);
      } finally {
        if (saved !== undefined) process.env.CASCADE_TOKEN = saved;
      }
    });
  });

  describe('who may read a file', () => {
    const ids = {} as { d1: string; d2: string; a: string; privateFile: string; bodyOfD2: string; reportOfA: string };

    beforeAll(async () => {
      const now = await env.currentTimeMs();
      Object.assign(ids, await issueAndForward(h, now));
      ids.privateFile = (await upload(samples.pdf('私有'), '草稿.pdf')).body.id;
      ids.bodyOfD2 = (await upload(samples.pdf('正文'), '临市民函〔2024〕89号.pdf')).body.id;
      ids.reportOfA = (await upload(samples.pdf('报送'), '临汾市报送材料.pdf')).body.id;
      const files = h.app.get(FilesRepository);
      await files.attach([
        {
          id: `${ids.d2}:BODY:0`,
          fileId: ids.bodyOfD2,
          role: 'BODY',
          directiveId: ids.d2,
          assignmentId: null,
          reportId: null,
          position: 0,
          attachedAt: now,
        },
        {
          id: `${ids.a}:1:REPORT:0`,
          fileId: ids.reportOfA,
          role: 'REPORT',
          directiveId: ids.d1,
          assignmentId: ids.a,
          reportId: `${ids.a}:1`,
          position: 0,
          attachedAt: now,
        },
      ]);
    });

    const same = (clerk: Row, supervisor: Row, admin: Row): Record<ApiRole, Row> => ({
      clerk,
      leader: clerk,
      supervisor,
      admin,
    });
    const MATRIX: [string, keyof typeof ids, Record<ApiRole, Row>][] = [
      [
        'a private upload of 141000',
        'privateFile',
        same([200, 404, 404, 404], [200, 404, 404, 404], [200, 404, 404, 404]),
      ],
      [
        'the 正文 of 141000’s forward D2',
        'bodyOfD2',
        same([200, 200, 200, 404], [200, 200, 200, 404], [200, 200, 200, 200]),
      ],
      [
        'a report file of 141000’s assignment A',
        'reportOfA',
        same([200, 404, 200, 404], [200, 404, 200, 404], [200, 200, 200, 200]),
      ],
    ];
    const cases = MATRIX.flatMap(([what, key, expected]) =>
      ROLES.flatMap((role) =>
        (Object.keys(RELATIONS) as Relation[]).map(
          (relation, i) => [what, role, relation, expected[role][i], key] as const,
        ),
      ),
    );

    it.each(cases)('%s as %s of the %s unit → %i', async (_what, role, relation, expected, key) => {
      const as: [string, ApiRole] = [RELATIONS[relation], role];
      const got = await download(ids[key], {}, as);
      expect(got.status).toBe(expected);
      const meta = await h.get(`/api/files/${ids[key]}/meta`, as);
      expect(meta.status).toBe(expected);
      if (expected === 404) expect(meta.body.message).toBe(`文件 ${ids[key]} 不存在`);
    });

    it('shows where a file is attached, as far as the caller may see', async () => {
      const meta = await h.get(`/api/files/${ids.bodyOfD2}/meta`, ['141002', 'clerk']);
      expect(meta.body).toMatchObject({
        id: ids.bodyOfD2,
        name: '临市民函〔2024〕89号.pdf',
        mediaType: 'application/pdf',
        attachments: [{ role: 'BODY', directiveId: ids.d2, assignmentId: null, reportId: null, position: 0 }],
      });
      const own = await h.get(`/api/files/${ids.privateFile}/meta`, ['141000', 'clerk']);
      expect(own.body.attachments).toEqual([]);
    });
  });
});
