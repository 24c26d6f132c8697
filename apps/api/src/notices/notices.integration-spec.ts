import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { NOTICE_FILE_BUILDERS, pdfOf } from '@cascade/domain/notice-files/notice-file-fixtures';
import { MAX_NOTICE_FILE_BYTES } from '@cascade/domain/notice-files';
import { configureApi } from '../configure-api';
import { NoticesModule } from './notices.module';

const seed = fs.readFileSync(
  path.join(__dirname, '../../../../libs/domain/src/notice/fixtures/seed-linfen-89-shanxi-169.txt'),
  'utf8',
);

// The notices route with the API's real configuration (prefix, body parsers, validation); its
// bearer-token guard is covered with the whole API in test/api.
describe('POST /api/notices/parse', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [NoticesModule] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureApi(app);
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  const upload = (bytes: Buffer, name: string, fields: Record<string, string> = {}) => {
    const req = request(app.getHttpServer()).post('/api/notices/parse');
    for (const [key, value] of Object.entries(fields)) req.field(key, value);
    return req.attach('file', bytes, name);
  };

  it('still reads pasted text as JSON, without an imported file', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/notices/parse')
      .send({ text: seed, issuedOn: '2024-10-25' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ docNumber: '临市民函〔2024〕89号', documentKind: 'notice', imported: null });
  });

  it.each(NOTICE_FILE_BUILDERS)(
    'reads a %s file: the city’s own requirement, the province’s as context',
    async (format, name, build) => {
      const response = await upload(await build(seed), name, { issuedOn: '2024-10-25' });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        docNumber: '临市民函〔2024〕89号',
        issuedOn: '2024-10-25',
        imported: { fileName: name, format },
      });
      expect(response.body.imported.text.replace(/\s+/g, '')).toContain('请于11月20日前以电子版形式报省老龄办');
      expect(response.body.obligations).toEqual([expect.objectContaining({ kind: 'quota' })]);
      expect(response.body.upstreamObligations).toContainEqual(
        expect.objectContaining({
          kind: 'deadline',
          due: '2024-11-20',
          source: expect.objectContaining({ label: '上级来文要求' }),
        }),
      );
    },
  );

  it('answers a format it does not read with 415 and a Chinese message, whatever the name says', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const response = await upload(png, 'notice.pdf');
    expect(response.status).toBe(415);
    expect(response.body.message).toMatch(/二进制/);
    const doc = await upload(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), '通知.doc');
    expect(doc.status).toBe(415);
    expect(doc.body.message).toContain('.docx');
  });

  it('answers a broken or text-less file with 422', async () => {
    const broken = await upload(Buffer.from('%PDF-1.7\nbroken'), 'broken.pdf');
    expect(broken.status).toBe(422);
    expect(broken.body.message).toContain('PDF');
    const scan = await upload(await pdfOf(''), 'scan.pdf');
    expect(scan.status).toBe(422);
    expect(scan.body.message).toContain('OCR');
  });

  it('answers a file over 20 MB with 413', async () => {
    const response = await upload(Buffer.alloc(MAX_NOTICE_FILE_BYTES + 1, 0x41), 'big.txt');
    expect(response.status).toBe(413);
    expect(response.body.message).toContain('20 MB');
  });

  it('answers a form without a file, or with unknown fields, with 400', async () => {
    const noFile = await request(app.getHttpServer()).post('/api/notices/parse').field('issuedOn', '2024-10-25');
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toContain('file');
    const unknown = await upload(Buffer.from('请于11月20日前报送。'), 'a.txt', { urgent: '1' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('urgent');
  });

  it('validates the form’s issuedOn like the JSON one', async () => {
    const response = await upload(Buffer.from('请于11月20日前报送。'), 'a.txt', { issuedOn: 'tomorrow' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toContain('issuedOn');
  });
});
