// The 报送材料 ZIP of a national cascade: every unit down to the counties (3,339) has reported
// with one file of `fileMB` MB, and the ministry downloads all of it as one ZIP (scope=subtree).
// The read model is seeded directly (as S6 does) and the archive is written by the API's own
// ReportsArchiveService into a sink that counts the bytes, so the figures are the service's
// (queries, store reads, ZIP framing), not the network's. Every report file has its own row but
// the same content (the store is content-addressed): the ZIP still carries count × fileMB bytes.
//   node -r ./bin/register-dist-paths.js dist/bench/reports-zip.bench.js [count=3339] [fileMB=1]
// MySQL from BENCH_MYSQL_URL / TEST_MYSQL_URL, else SQLite.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import {
  AssignmentsRepository,
  DirectivesRepository,
  type FileAttachmentEntity,
  FilesRepository,
  openDatabase,
  ReportEntity,
  ReportsRepository,
  UnitsRepository,
} from '@cascade/persistence';
import { LocalFileStore } from '@cascade/storage';
import { AccessPolicy } from '../apps/api/src/auth/access-policy.service';
import type { Caller } from '../apps/api/src/auth/caller';
import { ReportsArchiveService } from '../apps/api/src/exports/reports-archive.service';
import { UnitRegistry } from '../apps/api/src/units/unit-registry.service';
import { createBenchDatabase, prepareDatabase } from './support/cascade-stack';
import { cascadeScope, loadNational } from './support/national-units';
import { seedNationalReadModel } from './support/s6-reads';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 3339);
  const fileMB = Number(process.argv[3] ?? 1);
  const units = loadNational();
  const scope = cascadeScope(units, 'county').slice(0, count);
  const database = await createBenchDatabase(process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? null, 'zip');
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-zip-bench-'));
  try {
    await prepareDatabase(database.config, units.all);
    const dataSource = await openDatabase(database.config, { migrate: false });
    const root = 'zip-bench';
    await seedNationalReadModel(dataSource, units, scope, root);

    const store = new LocalFileStore(storeDir);
    await store.ready();
    const stored = await store.put(Readable.from([randomBytes(fileMB * MB)]));
    const files = new FilesRepository(dataSource);
    const assignments = await dataSource.query('SELECT id, directive_id, unit_code FROM assignments');
    const now = Date.now();
    const reports: Array<Partial<ReportEntity>> = [];
    const links: FileAttachmentEntity[] = [];
    for (const row of assignments as Array<{ id: string; directive_id: string; unit_code: string }>) {
      const file = await files.create({
        sha256: stored.sha256,
        name: `${row.unit_code}情况报告.pdf`,
        size: stored.size,
        mediaType: 'application/pdf',
        uploaderUnit: row.unit_code,
        uploadedBy: 'bench',
        uploadedAt: now,
      });
      const reportId = `${row.id}#R1`;
      reports.push({
        id: reportId,
        assignmentId: row.id,
        directiveId: row.directive_id,
        unitCode: row.unit_code,
        version: 1,
        content: '已完成。',
        zeroReport: false,
        attachments: [],
        rollup: null,
        submittedAt: now,
        late: false,
        status: 'SUBMITTED',
        returnReason: null,
      });
      links.push({
        id: `${reportId}:REPORT:0`,
        fileId: file.id,
        role: 'REPORT',
        directiveId: row.directive_id,
        assignmentId: row.id,
        reportId,
        position: 0,
        attachedAt: now,
      });
    }
    for (let i = 0; i < reports.length; i += 500) {
      await dataSource
        .createQueryBuilder()
        .insert()
        .into(ReportEntity)
        .values(reports.slice(i, i + 500) as never)
        .execute();
      await files.attach(links.slice(i, i + 500));
    }

    const unitsRepository = new UnitsRepository(dataSource);
    const assignmentsRepository = new AssignmentsRepository(dataSource);
    const service = new ReportsArchiveService(
      new AccessPolicy(assignmentsRepository, new DirectivesRepository(dataSource), unitsRepository),
      assignmentsRepository,
      new ReportsRepository(dataSource),
      new UnitRegistry(unitsRepository),
      store,
    );
    const caller = { unitCode: '000000', unitPath: '000000/', role: 'admin' } as Caller;
    const idleRss = process.memoryUsage().rss;
    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    });
    const started = performance.now();
    const archive = await service.prepare(caller, root, 'subtree');
    const prepared = performance.now();
    await service.write(archive, sink);
    const finished = performance.now();
    clearInterval(sampler);
    const seconds = (finished - started) / 1000;
    console.log(
      JSON.stringify({
        database: database.config.type,
        reports: reports.length,
        entries: archive.entries.length,
        zipMB: Math.round(bytes / MB),
        prepareMs: Math.round(prepared - started),
        totalSeconds: Number(seconds.toFixed(1)),
        MBps: Number((bytes / MB / seconds).toFixed(1)),
        rssAboveIdleMB: Math.round((peakRss - idleRss) / MB),
      }),
    );
    await dataSource.destroy();
  } finally {
    fs.rmSync(storeDir, { recursive: true, force: true });
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
