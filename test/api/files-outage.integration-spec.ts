import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DEFAULT_STORAGE } from '@cascade/config';
import { workflowIds } from '@cascade/contracts';
import { StoredFileEntity } from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { type ApiHarness, createApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { type MinioServer, minioWanted, startMinio } from '../support/minio-server';
import { samples } from '../support/sample-files';

const OUTAGE_MS = 30_000;

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

interface Backend {
  name: 'embedded' | 'minio';
  /** The storage URL of a store of the test's own, and how to remove it. */
  open(): Promise<{ url: string; minio?: MinioServer; close(): Promise<void> }>;
}

const BACKENDS: Backend[] = [
  {
    name: 'embedded',
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-files-flow-'));
      return { url: `file://${dir}`, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(minioWanted()
    ? [
        {
          name: 'minio' as const,
          async open() {
            const minio = await startMinio();
            return { url: minio.storageUrl('cascade-files'), minio, close: () => minio.dispose() };
          },
        },
      ]
    : []),
];

/** One HTTP exchange of the flow and when it happened. */
interface Outcome {
  kind: 'upload' | 'download';
  status: number;
  retryAfter: string | null;
  startedAt: number;
  endedAt: number;
}

/**
 * Clients that keep uploading files and downloading the ones accepted, as units would while a
 * directive's reports come in; every file sent is kept with its hash to be checked afterwards.
 */
class Traffic {
  readonly outcomes: Outcome[] = [];
  readonly accepted = new Map<string, string>();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly h: ApiHarness,
    private readonly token: string,
  ) {}

  start(clients: number): void {
    for (let i = 0; i < clients; i++) this.loops.push(this.loop(i));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }

  private async loop(client: number): Promise<void> {
    for (let round = 0; !this.stopped; round++) {
      await this.upload(
        Buffer.concat([samples.pdf(`${client}-${round}`), randomBytes(16 * 1024 + ((round * 7919) % (512 * 1024)))]),
      );
      const ids = [...this.accepted.keys()];
      if (ids.length > 0) await this.download(ids[(client + round) % ids.length]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async upload(content: Buffer): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([content]), `报送材料.pdf`);
    const startedAt = Date.now();
    const response = await fetch(`${this.h.baseUrl}/api/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}` },
      body: form,
    });
    const body = (await response.json()) as { id?: string; sha256?: string };
    this.record('upload', response, startedAt);
    if (response.status === 201) {
      expect(body.sha256).toBe(sha256(content));
      this.accepted.set(body.id!, body.sha256!);
    }
  }

  private async download(id: string): Promise<void> {
    const startedAt = Date.now();
    const response = await fetch(`${this.h.baseUrl}/api/files/${id}`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    const content = Buffer.from(await response.arrayBuffer());
    this.record('download', response, startedAt);
    if (response.status === 200) expect(sha256(content)).toBe(this.accepted.get(id));
  }

  private record(kind: Outcome['kind'], response: Response, startedAt: number): void {
    this.outcomes.push({
      kind,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      startedAt,
      endedAt: Date.now(),
    });
  }
}

/** One POST of a county's report flow, as the client saw it. */
interface Attempt {
  county: string;
  kind: 'upload' | 'report';
  status: number;
  retryAfter: string | null;
  replayed: boolean;
  startedAt: number;
  endedAt: number;
}

/**
 * A county that uploads its 报送材料 and reports with it, as a client would: each write carries an
 * Idempotency-Key of its own and is sent again with the same key after a 503 (waiting Retry-After)
 * or a 409 (the first try still running), until it gets its final answer.
 */
async function countyReports(
  h: ApiHarness,
  county: string,
  directiveId: string,
  content: Buffer,
  attempts: Attempt[],
  /** Resolves when the county may send its report (its upload is done by then). */
  reportWhen: Promise<unknown> = Promise.resolve(),
): Promise<{ fileId: string; sha256: string }> {
  const token = await h.token(county);
  const post = async (kind: Attempt['kind'], url: string, key: string, init: RequestInit): Promise<Response> => {
    for (;;) {
      const startedAt = Date.now();
      const response = await fetch(`${h.baseUrl}${url}`, {
        ...init,
        method: 'POST',
        headers: {
          ...(init.headers as Record<string, string>),
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': key,
        },
      });
      attempts.push({
        county,
        kind,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        replayed: response.headers.get('idempotent-replayed') === 'true',
        startedAt,
        endedAt: Date.now(),
      });
      if (response.status !== 503 && response.status !== 409) return response;
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
    }
  };
  const uploaded = await post(
    'upload',
    `/api/files?name=${encodeURIComponent(`${county}报送材料.pdf`)}`,
    `upload-${county}`,
    {
      headers: { 'Content-Type': 'application/octet-stream' },
      body: content,
    },
  );
  const file = (await uploaded.json()) as { id: string; sha256: string };
  expect(uploaded.status).toBe(201);
  await reportWhen;
  const report = {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ content: `${county} 已完成，详见附件。`, fileIds: [file.id] }),
  };
  const assignment = workflowIds.assignment(directiveId, county);
  const reported = await post('report', `/api/assignments/${assignment}/report`, `report-${county}`, report);
  expect(reported.status).toBe(200);
  // A client that lost the answer sends the same report again: the first answer comes back, nothing runs twice.
  const again = await post('report', `/api/assignments/${assignment}/report`, `report-${county}`, report);
  expect(again.status).toBe(200);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  return { fileId: file.id, sha256: file.sha256 };
}

describe.each(BACKENDS)('files through the API on the $name store', (backend) => {
  let env: TestWorkflowEnvironment;
  let h: ApiHarness;
  let store: Awaited<ReturnType<Backend['open']>>;

  beforeAll(async () => {
    store = await backend.open();
    env = await createTimeSkippingEnvironment();
    h = await createApiHarness(env, 'sqlite', (config) => ({
      ...config,
      storage: { ...DEFAULT_STORAGE, url: store.url },
    }));
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await env?.teardown();
    await store?.close();
  });

  /** Every metadata row has its whole content in the store: nothing partial is ever visible. */
  async function expectEveryRowComplete(): Promise<number> {
    const rows = await h.app.get(DataSource).getRepository(StoredFileEntity).find();
    const fileStore = h.app.get<FileStore>(FILE_STORE);
    for (const row of rows) expect(await fileStore.stat(row.sha256)).toEqual({ sha256: row.sha256, size: row.size });
    return rows.length;
  }

  it('leaves nothing visible when a client goes away in the middle of an upload', async () => {
    const before = await expectEveryRowComplete();
    const boundary = 'cascade-abort';
    const aborted = http.request(`${h.baseUrl}/api/files`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await h.token('141002')}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(20 * 1024 * 1024),
      },
    });
    aborted.on('error', () => undefined);
    aborted.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="半截.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    aborted.write(samples.pdf());
    aborted.write(randomBytes(6 * 1024 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 500));
    aborted.destroy();
    // The API notices the broken connection and gives up the upload; its row never appears.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await expectEveryRowComplete()).toBe(before);
    const traffic = new Traffic(h, await h.token('141002'));
    await traffic.upload(samples.pdf('after the abort'));
    expect(traffic.outcomes.map((o) => o.status)).toEqual([201]);
  });

  if (backend.name === 'embedded') {
    it('keeps every file accepted under concurrent uploads and downloads, byte for byte', async () => {
      const traffic = new Traffic(h, await h.token('141002'));
      traffic.start(3);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await traffic.stop();
      expect(new Set(traffic.outcomes.map((o) => o.status))).toEqual(new Set([201, 200]));
      expect(traffic.accepted.size).toBeGreaterThan(5);
      await expectEveryRowComplete();
    });
  }

  if (backend.name === 'minio') {
    it('answers 503 with Retry-After while MinIO is down for 30 s, and has every accepted file byte for byte after', async () => {
      const minio = store.minio!;
      const traffic = new Traffic(h, await h.token('141002'));
      traffic.start(3);
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      await minio.stop();
      const downAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
      const health = await h.get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.storage).toMatchObject({ status: 'down', kind: 's3' });
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
      const upAt = Date.now();
      await minio.start();
      await eventually(
        () => h.get('/api/health'),
        (r) => r.status === 200,
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await traffic.stop();

      const during = traffic.outcomes.filter((o) => o.startedAt > downAt && o.endedAt < upAt);
      const uploadsDuring = during.filter((o) => o.kind === 'upload');
      expect(uploadsDuring.length).toBeGreaterThan(5);
      expect(uploadsDuring.every((o) => o.status === 503 && o.retryAfter === '5')).toBe(true);
      expect(during.filter((o) => o.kind === 'download').every((o) => o.status === 503)).toBe(true);
      // Around the cut some requests may fail either way; none is a server error of another kind.
      expect(traffic.outcomes.filter((o) => ![200, 201, 503].includes(o.status))).toEqual([]);
      const after = traffic.outcomes.filter((o) => o.startedAt > upAt + 1_000);
      expect(after.some((o) => o.kind === 'upload' && o.status === 201)).toBe(true);

      // Everything accepted, before as after, is there whole.
      const fileStore = h.app.get<FileStore>(FILE_STORE);
      for (const [id, hash] of traffic.accepted) {
        const response = await fetch(`${h.baseUrl}/api/files/${id}`, {
          headers: { Authorization: `Bearer ${await h.token('141002')}` },
        });
        expect(response.status).toBe(200);
        expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(hash);
        expect(await fileStore.stat(hash)).not.toBeNull();
      }
      const rows = await expectEveryRowComplete();
      expect(rows).toBeGreaterThanOrEqual(traffic.accepted.size);
    }, 150_000);

    it('records every county’s report with its file once while MinIO is down for 30 s, byte for byte after', async () => {
      const minio = store.minio!;
      const counties = ['141021', '141022', '141023', '141024', '141025', '141026', '141027', '141028'];
      const issued = await h.post(
        '/api/directives',
        {
          docNumber: '临市民函〔2024〕90号',
          title: '关于报送自查情况的通知',
          issuerUnit: '141000',
          recipients: counties,
          deadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        },
        ['141000', 'clerk'],
      );
      expect(issued.status).toBe(201);
      const directiveId: string = issued.body.id;
      for (const county of counties) {
        const assignment = workflowIds.assignment(directiveId, county);
        await eventually(
          () => h.post(`/api/assignments/${assignment}/acknowledge`, {}, [county, 'clerk']),
          (r) => r.status === 200,
        );
      }
      const contents = new Map(
        counties.map((county, i) => [
          county,
          Buffer.concat([samples.pdf(`${county} 自查报告`), randomBytes(64 * 1024 + i * 100_003)]),
        ]),
      );
      const attempts: Attempt[] = [];

      // Half the counties have uploaded when the store goes down and report during the outage; the rest
      // upload during it, are refused, and send again until the store is back.
      const flows = new Map<string, Promise<{ fileId: string; sha256: string }>>();
      let storeDown: () => void = () => undefined;
      const down = new Promise<void>((resolve) => (storeDown = resolve));
      for (const county of counties.slice(0, 4))
        flows.set(county, countyReports(h, county, directiveId, contents.get(county)!, attempts, down));
      await eventually(
        async () => attempts.filter((a) => a.kind === 'upload' && a.status === 201).length,
        (n) => n === 4,
        30_000,
      );
      await minio.stop();
      const downAt = Date.now();
      storeDown();
      for (const county of counties.slice(4))
        flows.set(county, countyReports(h, county, directiveId, contents.get(county)!, attempts));
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      const upAt = Date.now();
      await minio.start();
      const results = new Map<string, { fileId: string; sha256: string }>();
      for (const [county, flow] of flows) results.set(county, await flow);

      const during = attempts.filter((a) => a.startedAt >= downAt && a.endedAt < upAt);
      const refusedUploads = during.filter((a) => a.kind === 'upload' && a.status === 503);
      expect(refusedUploads.length).toBeGreaterThanOrEqual(4);
      expect(refusedUploads.every((a) => a.retryAfter === '5')).toBe(true);
      const reportedDuring = during.filter((a) => a.kind === 'report' && a.status === 200 && !a.replayed);
      expect(reportedDuring.map((a) => a.county).sort()).toEqual(counties.slice(0, 4));
      expect(attempts.filter((a) => ![200, 201, 409, 503].includes(a.status))).toEqual([]);
      // Each county's report went through once; its retry was a replay.
      for (const county of counties) {
        const answered = attempts.filter((a) => a.county === county && a.kind === 'report' && a.status === 200);
        expect(answered.map((a) => a.replayed)).toEqual([false, true]);
      }

      const listed = await eventually(
        () => h.get(`/api/directives/${directiveId}/reports`, ['141000', 'clerk']),
        (r) => r.status === 200 && r.body.length === counties.length,
        30_000,
      );
      for (const county of counties) {
        const unit = listed.body.find((u: { unitCode: string }) => u.unitCode === county);
        expect(unit.versions).toHaveLength(1);
        const { fileId, sha256: hash } = results.get(county)!;
        expect(hash).toBe(sha256(contents.get(county)!));
        expect(unit.versions[0].files).toEqual([expect.objectContaining({ fileId, sha256: hash })]);
        const download = await fetch(`${h.baseUrl}/api/files/${fileId}`, {
          headers: { Authorization: `Bearer ${await h.token('141000')}` },
        });
        expect(download.status).toBe(200);
        expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(hash);
      }
      await expectEveryRowComplete();
    }, 180_000);
  }
});
