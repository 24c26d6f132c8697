// 逐级汇总 at township scale: the read model of one national cascade forwarded down to every
// township (44,691 assignments, seeded as S6 does), where every unit has reported 5 numeric fields.
// Measures, on the API over HTTP, with the API in a process of its own as `npm start` runs it: the
// roll-up of the whole cascade as its issuer sees it (every level summed, depth 1 in the answer),
// cached and right after one county's new report (written to the read model as the projector writes
// it), the roll-up of Shanxi's forward at every depth, the 汇总表 xlsx of all 44,691 rows, and the API
// process's resident set idle and at its peak during the download. Checks every total against sums
// computed here.
//   node -r ./bin/register-dist-paths.js dist/bench/rollup.bench.js [runs=30]
// MySQL from BENCH_MYSQL_URL / TEST_MYSQL_URL, else SQLite.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ReportForm } from '@cascade/contracts';
import { AssignmentEntity, EventEntity, openDatabase, ReportEntity, TokensRepository } from '@cascade/persistence';
import { freePort, installTemporalRuntime, startDevServer } from '@cascade/temporal';
import { rssSampler, startApi } from './support/api-process';
import { createBenchDatabase, prepareDatabase } from './support/cascade-stack';
import { cascadeScope, loadNational } from './support/national-units';
import { seedNationalReadModel } from './support/s6-reads';
import { percentile } from './support/stats';

const MB = 1024 * 1024;
const FIELDS = ['activities', 'people', 'teams', 'visits', 'funds'] as const;
const FORM: ReportForm = {
  fields: FIELDS.map((key, i) => ({
    key,
    label: ['主题活动数', '参与人数', '服务队数', '走访户数', '投入资金'][i]!,
    type: 'integer',
  })),
};

/** What every seeded report has in common: a first version, submitted on time. */
const SUBMITTED: Partial<ReportEntity> = {
  version: 1,
  content: '已完成。',
  zeroReport: false,
  attachments: [],
  rollup: null,
  totals: null,
  explanation: null,
  late: false,
  status: 'SUBMITTED',
  returnReason: null,
};

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 30);
  const units = loadNational();
  const scope = cascadeScope(units, 'township');
  const database = await createBenchDatabase(
    process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? null,
    'rollup',
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-rollup-bench-'));
  installTemporalRuntime('ERROR');
  // The API's client connects to an engine at boot; nothing here runs a workflow.
  const server = await startDevServer({ dataDir, uiPort: null, log: () => undefined });
  try {
    await prepareDatabase(database.config, units.all);
    const dataSource = await openDatabase(database.config);
    const root = 'rollup-bench';
    const seeded = await seedNationalReadModel(dataSource, units, scope, root);
    await dataSource.query(`UPDATE directives SET form = ? WHERE root_directive_id = ?`, [JSON.stringify(FORM), root]);
    const rows = (await dataSource.query(
      'SELECT id, directive_id, unit_code, unit_path, last_seq FROM assignments WHERE root_directive_id = ?',
      [root],
    )) as Array<{ id: string; directive_id: string; unit_code: string; unit_path: string; last_seq: number }>;
    const now = Date.now();
    const expected = { all: zero(), shanxi: zero() };
    const current = new Map<string, Record<string, number>>();
    const reports: Array<Partial<ReportEntity>> = rows.map((row, i) => {
      const values = Object.fromEntries(FIELDS.map((key, k) => [key, ((i * 7 + k * 13) % 50) + k]));
      add(expected.all, values);
      if (row.unit_path.includes('/140000/') && row.unit_code !== '140000') add(expected.shanxi, values);
      current.set(row.id, values);
      return {
        ...SUBMITTED,
        id: `${row.id}#R1`,
        assignmentId: row.id,
        directiveId: row.directive_id,
        unitCode: row.unit_code,
        values,
        submittedAt: now,
      };
    });
    for (let i = 0; i < reports.length; i += 500)
      await dataSource
        .createQueryBuilder()
        .insert()
        .into(ReportEntity)
        .values(reports.slice(i, i + 500) as never)
        .execute();
    console.error(`seeded ${seeded.assignments} assignments and ${reports.length} reports on ${database.label}`);

    const tokens = new TokensRepository(dataSource);
    const ministry = (await tokens.create({ unitCode: '000000', role: 'clerk', name: 'bench rollup' })).token;
    const shanxi = (await tokens.create({ unitCode: '140000', role: 'clerk', name: 'bench rollup' })).token;
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const api = await startApi(
      {
        PORT: String(port),
        CASCADE_DATA_DIR: dataDir,
        DATABASE_URL: database.config.type === 'sqlite' ? `sqlite:${database.config.database}` : database.config.url,
        TEMPORAL_ADDRESS: server.address,
        TEMPORAL_TASK_QUEUE: 'bench-rollup',
        CASCADE_DEMO: '0',
      },
      port,
    );
    try {
      const get = async (url: string, token: string) => {
        const started = performance.now();
        const response = await fetch(`${baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}` } });
        const body = Buffer.from(await response.arrayBuffer());
        if (!response.ok) throw new Error(`${url}: ${response.status} ${body.toString().slice(0, 300)}`);
        return { ms: performance.now() - started, body };
      };
      const measure = async (url: string, token: string, check: (body: Buffer) => void) => {
        const first = await get(url, token);
        check(first.body);
        const times: number[] = [];
        for (let i = 0; i < runs; i++) times.push((await get(url, token)).ms);
        const units = (JSON.parse(first.body.toString()) as { units: unknown[] }).units.length;
        return {
          firstMs: Math.round(first.ms),
          p95: Math.round(percentile(times, 95)),
          units,
          bytes: first.body.length,
        };
      };
      const exact = (label: string, want: Record<string, number>) => (body: Buffer) => {
        const total = (JSON.parse(body.toString()) as { total: Record<string, number> }).total;
        for (const key of FIELDS)
          if (total[key] !== want[key]) throw new Error(`${label}: ${key} is ${total[key]}, expected ${want[key]}`);
      };
      const wholeUrl = `/api/directives/${root}/rollup?depth=1`;
      const whole = await measure(wholeUrl, ministry, exact('whole', expected.all));
      const province = await measure(`/api/directives/${root}-140000/rollup`, shanxi, exact('shanxi', expected.shanxi));

      // A county reports again (a new version, as after a return), written as the projector writes
      // it: the event, the report and the assignment's snapshot in one transaction; then the issuer reads.
      const counties = rows.filter((row) => row.unit_path.split('/').filter(Boolean).length === 4);
      const afterChange: number[] = [];
      for (let i = 0; i < runs; i++) {
        const county = counties[(i * 97) % counties.length]!;
        const seq = ++county.last_seq;
        const values = Object.fromEntries(FIELDS.map((key, k) => [key, (i * 11 + k) % 40]));
        add(expected.all, values, current.get(county.id));
        current.set(county.id, values);
        const at = Date.now();
        await dataSource.transaction(async (manager) => {
          await manager.insert(EventEntity, {
            id: `${county.id}#${seq}`,
            seq,
            type: 'REPORT_SUBMITTED',
            directiveId: county.directive_id,
            assignmentId: county.id,
            actor: null,
            payload: {},
            occurredAt: at,
            recordedAt: at,
          });
          await manager.insert(ReportEntity, {
            ...SUBMITTED,
            id: `${county.id}#R${seq}`,
            version: seq,
            assignmentId: county.id,
            directiveId: county.directive_id,
            unitCode: county.unit_code,
            values,
            submittedAt: at,
          } as never);
          await manager.update(AssignmentEntity, { id: county.id }, { lastSeq: seq, updatedAt: at });
        });
        const read = await get(wholeUrl, ministry);
        exact(`after report ${i + 1}`, expected.all)(read.body);
        afterChange.push(read.ms);
      }

      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const idle = rssSampler(api.pid!);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const rssIdleMB = Math.round(idle.stop());
      const during = rssSampler(api.pid!);
      const started = performance.now();
      const xlsx = await get(`/api/directives/${root}/rollup.xlsx`, ministry);
      const xlsxSeconds = (performance.now() - started) / 1000;
      const rssPeakMB = Math.round(during.stop());
      console.log(
        JSON.stringify({
          database: database.label,
          assignments: seeded.assignments,
          runs,
          wholeRollupDepth1: whole,
          wholeRollupAfterOneCountyReport: {
            p50: Math.round(percentile(afterChange, 50)),
            p95: Math.round(percentile(afterChange, 95)),
            cachedP95: whole.p95,
          },
          shanxiRollupAllDepths: province,
          xlsx: { seconds: Number(xlsxSeconds.toFixed(1)), MB: Number((xlsx.body.length / MB).toFixed(1)) },
          totalsExact: true,
          apiProcess: { rssIdleMB, rssPeakDuringXlsxMB: rssPeakMB },
        }),
      );
    } finally {
      if (api.exitCode === null) {
        const exited = new Promise((resolve) => api.once('exit', resolve));
        api.kill();
        await exited;
      }
      await dataSource.destroy();
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}

function zero(): Record<string, number> {
  return Object.fromEntries(FIELDS.map((key) => [key, 0]));
}

/** Adds `values` into `into`, less `instead` (the values they replace) when given. */
function add(into: Record<string, number>, values: Record<string, number>, instead?: Record<string, number>): void {
  for (const key of FIELDS) into[key]! += values[key]! - (instead?.[key] ?? 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
