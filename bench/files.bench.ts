// Files benchmark: a large file (200 MB by default) uploaded to and downloaded from the API — a
// process of its own — next to a plain copy to the same backend in the same run, and the API
// process's resident set while it streams; for the embedded store and, where provisioned, MinIO.
//   node -r @swc-node/register bench/files.bench.ts [sizeMB] [rounds]                 (from the sources)
//   node -r ./bin/register-dist-paths.js dist/bench/files.bench.js [sizeMB] [rounds]  (after npm run build)
// Prints a table and writes bench/results/files-latest.json and a dated copy.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { projectRoot } from '@cascade/config';
import { openDatabase, TokensRepository } from '@cascade/persistence';
import { freePort, startDevServer } from '@cascade/temporal';
import { type MinioServer, startMinio } from '../test/support/minio-server';
import { rssSampler, startApi } from './support/api-process';
import { type BenchResult, printTable } from './support/results';

const MiB = 1024 * 1024;
const ROOT = projectRoot();
/** Stream buffers of every copy, ours and the plain ones alike. */
const CHUNKS = { highWaterMark: MiB };

interface Backend {
  name: 'embedded' | 'minio';
  /** CASCADE_STORAGE_URL of the API; undefined: files under its data directory. */
  storageUrl?: string;
  minio?: MinioServer;
}

interface Measured {
  seconds: number[];
  /** Largest RSS of the API process while it ran (MB); only for API transfers. */
  peakRssMb?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The API tells a file's type by its first bytes: a PDF signature, then random bytes. */
const PDF_SIGNATURE = Buffer.from('%PDF-1.7\n', 'latin1');

async function writeSource(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = fs.createWriteStream(file);
  for (let written = 0; written < bytes; written += MiB) {
    const chunk = randomBytes(Math.min(MiB, bytes - written));
    if (written === 0) PDF_SIGNATURE.copy(chunk);
    hash.update(chunk);
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return hash.digest('hex');
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  await handle.sync();
  await handle.close();
}

/**
 * An upload over node:http, the file streamed from disk (a lean client: the API is what is measured):
 * `raw` sends the file itself (application/octet-stream, as `cascade files put` does), `form` a multipart form.
 */
async function apiUpload(
  base: string,
  token: string,
  file: string,
  mode: 'raw' | 'form' = 'raw',
): Promise<{ id: string; sha256: string }> {
  const boundary = `cascade-bench-${randomUUID()}`;
  const head = Buffer.from(
    mode === 'raw'
      ? ''
      : `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="benchmark.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const tail = Buffer.from(mode === 'raw' ? '' : `\r\n--${boundary}--\r\n`);
  const body = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(`${base}/api/files${mode === 'raw' ? '?name=benchmark.pdf' : ''}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': mode === 'raw' ? 'application/octet-stream' : `multipart/form-data; boundary=${boundary}`,
        'Content-Length': String(head.length + fs.statSync(file).size + tail.length),
      },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    request.write(head);
    const content = fs.createReadStream(file, CHUNKS);
    content.on('error', reject);
    content.pipe(request, { end: false });
    content.on('end', () => request.end(tail));
  });
  if (body.status !== 201) throw new Error(`upload answered ${body.status}: ${body.text}`);
  return JSON.parse(body.text) as { id: string; sha256: string };
}

async function apiDownload(base: string, token: string, id: string, target: string): Promise<void> {
  const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
    http.get(`${base}/api/files/${id}`, { headers: { Authorization: `Bearer ${token}` } }, resolve).on('error', reject),
  );
  if (response.statusCode !== 200) throw new Error(`download answered ${response.statusCode}`);
  await pipeline(response, fs.createWriteStream(target, CHUNKS));
}

/** The same bytes to the same backend without the API: a streamed file copy (fsync'd), or an S3 multipart upload. */
function plainCopy(backend: Backend, dataDir: string) {
  if (!backend.minio) {
    const dir = path.join(dataDir, 'plain');
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, 'copy.bin');
    return {
      async upload(source: string) {
        await pipeline(fs.createReadStream(source, CHUNKS), fs.createWriteStream(target, CHUNKS));
        await fsyncFile(target);
      },
      async download(into: string) {
        await pipeline(fs.createReadStream(target, CHUNKS), fs.createWriteStream(into, CHUNKS));
      },
      async close() {
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { minio } = backend;
  const s3 = new S3Client({
    endpoint: minio.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: minio.accessKey, secretAccessKey: minio.secretKey },
  });
  const key = `plain/${randomUUID()}`;
  return {
    async upload(source: string) {
      // The part size and parallelism of the API's S3 store.
      await new Upload({
        client: s3,
        params: { Bucket: 'cascade-files', Key: key, Body: fs.createReadStream(source, CHUNKS) },
        partSize: 5 * MiB,
        queueSize: 4,
      }).done();
    },
    async download(into: string) {
      const object = await s3.send(new GetObjectCommand({ Bucket: 'cascade-files', Key: key }));
      await pipeline(object.Body as Readable, fs.createWriteStream(into, CHUNKS));
    },
    async close() {
      s3.destroy();
    },
  };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

async function benchBackend(
  backend: Backend,
  work: string,
  source: { file: string; sha256: string; bytes: number },
  temporalAddress: string,
  rounds: number,
): Promise<BenchResult[]> {
  const dataDir = path.join(work, backend.name);
  fs.mkdirSync(dataDir, { recursive: true });
  const database = path.join(dataDir, 'cascade.db');
  const dataSource = await openDatabase({ type: 'sqlite', database });
  const { token } = await new TokensRepository(dataSource).create({ unitCode: '141000', role: 'clerk', name: 'bench' });
  await dataSource.destroy();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = await startApi(
    {
      PORT: String(port),
      CASCADE_DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${database}`,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: `bench-files-${backend.name}`,
      CASCADE_DEMO: '0',
      CASCADE_STORAGE_URL: backend.storageUrl ?? '',
      CASCADE_FILE_MAX_BYTES: String(source.bytes + MiB),
    },
    port,
  );
  const plain = plainCopy(backend, dataDir);
  const downloaded = path.join(work, 'downloaded.bin');
  try {
    // Warm up the code paths (and the JIT) with a small file, then measure the idle resident set.
    const warm = path.join(work, 'warm.bin');
    fs.writeFileSync(warm, Buffer.concat([PDF_SIGNATURE, randomBytes(MiB)]));
    const warmed = await apiUpload(base, token, warm);
    await apiDownload(base, token, warmed.id, downloaded);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idle = rssSampler(api.pid!);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const idleRssMb = idle.stop();

    const plainUp: number[] = [];
    const plainDown: number[] = [];
    const apiUp: Measured = { seconds: [], peakRssMb: 0 };
    const apiUpForm: Measured = { seconds: [], peakRssMb: 0 };
    const apiDown: Measured = { seconds: [], peakRssMb: 0 };
    for (let round = 0; round < rounds; round++) {
      plainUp.push(await timed(() => plain.upload(source.file)));
      plainDown.push(await timed(() => plain.download(downloaded)));

      let sampler = rssSampler(api.pid!);
      let uploaded = { id: '', sha256: '' };
      apiUp.seconds.push(
        await timed(async () => {
          uploaded = await apiUpload(base, token, source.file);
        }),
      );
      apiUp.peakRssMb = Math.max(apiUp.peakRssMb!, sampler.stop());
      if (uploaded.sha256 !== source.sha256) throw new Error('the API stored other bytes than were sent');

      sampler = rssSampler(api.pid!);
      apiUpForm.seconds.push(
        await timed(async () => {
          if ((await apiUpload(base, token, source.file, 'form')).sha256 !== source.sha256)
            throw new Error('the API stored other bytes than were sent in a form');
        }),
      );
      apiUpForm.peakRssMb = Math.max(apiUpForm.peakRssMb!, sampler.stop());

      sampler = rssSampler(api.pid!);
      apiDown.seconds.push(await timed(() => apiDownload(base, token, uploaded.id, downloaded)));
      apiDown.peakRssMb = Math.max(apiDown.peakRssMb!, sampler.stop());
      if ((await sha256OfFile(downloaded)) !== source.sha256)
        throw new Error('the API sent other bytes than it stored');
      console.log(
        `  ${backend.name} round ${round + 1}: plain ↑${plainUp[round].toFixed(2)} s ↓${plainDown[round].toFixed(2)} s, ` +
          `API ↑${apiUp.seconds[round].toFixed(2)} s (form ${apiUpForm.seconds[round].toFixed(2)} s) ↓${apiDown.seconds[round].toFixed(2)} s`,
      );
    }

    const mb = source.bytes / MiB;
    const rate = (seconds: number[]) => mb / median(seconds);
    const throughput = (id: string, what: string, api: number[], baseline: number[]): BenchResult => {
      const ratio = rate(api) / rate(baseline);
      return {
        id,
        metric: `${what} ${mb} MB through the API (${backend.name}); baseline: a plain copy to the same backend`,
        value: rate(api),
        unit: 'MB/s',
        target: '≥ 0.8× plain copy',
        baseline: rate(baseline),
        ratio,
        pass: ratio >= 0.8,
      };
    };
    const growth = Math.max(apiUp.peakRssMb!, apiUpForm.peakRssMb!, apiDown.peakRssMb!) - idleRssMb;
    return [
      throughput(`F-up-${backend.name}`, 'upload (application/octet-stream)', apiUp.seconds, plainUp),
      throughput(`F-up-form-${backend.name}`, 'upload (multipart/form-data)', apiUpForm.seconds, plainUp),
      throughput(`F-down-${backend.name}`, 'download', apiDown.seconds, plainDown),
      {
        id: `F-rss-${backend.name}`,
        metric: `API process RSS growth while streaming (idle ${idleRssMb.toFixed(0)} MB, peak ↑${apiUp.peakRssMb!.toFixed(0)} form ↑${apiUpForm.peakRssMb!.toFixed(0)} ↓${apiDown.peakRssMb!.toFixed(0)} MB)`,
        value: growth,
        unit: 'MB',
        target: '≤ 100 MB above idle',
        pass: growth <= 100,
      },
    ];
  } finally {
    await plain.close();
    api.kill('SIGTERM');
    await new Promise((resolve) => (api.exitCode !== null ? resolve(null) : api.once('exit', resolve)));
  }
}

async function main(): Promise<void> {
  const sizeMb = Number(process.argv[2] ?? 200);
  const rounds = Number(process.argv[3] ?? 3);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-bench-files-'));
  process.env.MINIO_PATH ??= path.join(ROOT, '.tools/bin/minio');
  const temporal = await startDevServer({ dataDir: path.join(work, 'temporal'), uiPort: null, port: null });
  const minio = fs.existsSync(process.env.MINIO_PATH) ? await startMinio() : null;
  const results: BenchResult[] = [];
  try {
    const file = path.join(work, 'source.bin');
    const sha256 = await writeSource(file, sizeMb * MiB);
    const source = { file, sha256, bytes: sizeMb * MiB };
    console.log(`files benchmark: ${sizeMb} MB, ${rounds} rounds (medians), in ${work}`);
    const backends: Backend[] = [{ name: 'embedded' }];
    if (minio) backends.push({ name: 'minio', storageUrl: minio.storageUrl('cascade-files'), minio });
    else console.log('  MinIO is not provisioned (scripts/provision-minio.sh): embedded store only');
    for (const backend of backends)
      results.push(...(await benchBackend(backend, work, source, temporal.address, rounds)));
  } finally {
    await minio?.dispose();
    await temporal.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(results);
  const dir = path.join(ROOT, 'bench/results');
  const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
  const document = {
    benchmark: 'files',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 1024 ** 3) },
    sizeMb,
    rounds,
    results,
  };
  for (const name of ['files-latest.json', `files-${stamp}.json`]) {
    fs.writeFileSync(path.join(dir, name), `${JSON.stringify(document, null, 2)}\n`);
  }
  console.log(`results in bench/results/files-latest.json and files-${stamp}.json`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
