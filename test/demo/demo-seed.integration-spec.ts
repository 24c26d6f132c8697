import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { workflowIds } from '@cascade/contracts';
import { FilesRepository, readDemoTokens, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { openFileStore } from '@cascade/storage';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { StoredDemoFiles } from '../../apps/cli/src/demo/demo-documents';
import { DEMO_DIRECTIVES, DEMO_USERS, REPORTS_WITH_FILES } from '../../apps/cli/src/demo/demo-scenario';
import { DEMO_SEED_MARKER, DemoSeeder } from '../../apps/cli/src/demo/demo-seeder';
import { ensureDemoTokens } from '../../apps/cli/src/demo/demo-tokens';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { createApiApp, testConfig } from '../support/api-app';
import { type CascadeHarness, createCascadeHarness, eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const calendar = loadConfiguredCalendar();

describe.each(databaseKinds())('demo mode: the seed cascade and the demo tokens (read model on %s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let harness: CascadeHarness;
  let worker: Worker;
  let running: Promise<void>;
  let seeder: DemoSeeder;
  let dataDir: string;
  let demoApp: INestApplication;
  let plainApp: INestApplication;

  const query = (sql: string, ...params: unknown[]) => harness.dataSource.query(sql, params);
  const statuses = async (directiveId: string): Promise<Record<string, number>> => {
    const rows: Array<{ status: string; n: number }> = await query(
      'SELECT status, COUNT(*) AS n FROM assignments WHERE directive_id = ? GROUP BY status',
      directiveId,
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  };
  const eventCount = async () => Number((await query('SELECT COUNT(*) AS n FROM events'))[0].n);
  /** Every event has been projected once the count stops moving. */
  const settledEventCount = async () => {
    let last = -1;
    let current = await eventCount();
    while (current !== last) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      last = current;
      current = await eventCount();
    }
    return current;
  };

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    harness = await createCascadeHarness(env, kind);
    worker = await harness.createWorker();
    running = worker.run();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-demo-'));
    seeder = new DemoSeeder(
      env.client,
      harness.taskQueue,
      calendar,
      undefined,
      new StoredDemoFiles(openFileStore(undefined, dataDir), new FilesRepository(harness.dataSource)),
    );
    const config = { ...testConfig(env.address, harness.db.config, harness.taskQueue), dataDir };
    demoApp = await createApiApp({ ...config, demo: true });
    plainApp = await createApiApp({ ...config, demo: false });
  });

  afterAll(async () => {
    await demoApp?.close();
    await plainApp?.close();
    worker?.shutdown();
    await running;
    await harness?.close();
    await env?.teardown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /api/demo/tokens is 404 before the demo is seeded', async () => {
    const response = await request(demoApp.getHttpServer()).get('/api/demo/tokens');
    expect(response.status).toBe(404);
  });

  it('seeds 民函〔2024〕56号 → 晋民函〔2024〕169号 → 临市民函〔2024〕89号 through the workflows, some units done and some not', async () => {
    expect(await seeder.seed(dataDir)).toBe('seeded');
    expect(fs.existsSync(path.join(dataDir, DEMO_SEED_MARKER))).toBe(true);

    const directives: Array<{ id: string; doc_number: string; issuer_unit: string; root_directive_id: string }> =
      await query('SELECT id, doc_number, issuer_unit, root_directive_id FROM directives ORDER BY issued_at');
    expect(directives.map((d) => [d.doc_number, d.issuer_unit])).toEqual([
      ['民函〔2024〕56号', '000000'],
      ['晋民函〔2024〕169号', '140000'],
      ['临市民函〔2024〕89号', '141000'],
      ['临市民电〔2024〕3号', '141000'],
    ]);
    expect(directives.slice(0, 3).every((d) => d.root_directive_id === DEMO_DIRECTIVES.ministry)).toBe(true);

    expect(
      await eventually(
        () => statuses(DEMO_DIRECTIVES.ministry),
        (s) => s.FORWARDED === 1,
      ),
    ).toEqual({ FORWARDED: 1 });
    expect(
      await eventually(
        () => statuses(DEMO_DIRECTIVES.province),
        (s) => s.ACCEPTED === 1 && s.REPORTED === 5,
      ),
    ).toEqual({
      ACCEPTED: 1,
      REPORTED: 5,
      FORWARDED: 1,
      ACKNOWLEDGED: 5,
      DELIVERED: 5,
    });
    expect(
      await eventually(
        () => statuses(DEMO_DIRECTIVES.city),
        (s) => s.ACCEPTED === 1 && s.REPORTED === 8,
      ),
    ).toEqual({
      ACCEPTED: 1,
      REPORTED: 8,
      ACKNOWLEDGED: 4,
      DELIVERED: 4,
    });
    expect(
      await eventually(
        () => statuses(DEMO_DIRECTIVES.urgent),
        (s) => s.ACKNOWLEDGED === 1,
      ),
    ).toEqual({ ACKNOWLEDGED: 1 });

    // Deadlines in the near future, 临汾's before the province's before the ministry's.
    const deadline = async (id: string) =>
      Number((await query('SELECT deadline FROM directives WHERE id = ?', id))[0].deadline);
    const [ministry, province, city] = [
      await deadline(DEMO_DIRECTIVES.ministry),
      await deadline(DEMO_DIRECTIVES.province),
      await deadline(DEMO_DIRECTIVES.city),
    ];
    const now = Date.now();
    expect(province).toBeGreaterThan(now + 7 * 24 * 3600_000);
    expect(city).toBeLessThan(province);
    expect(province).toBeLessThan(ministry);
    expect(city).toBeGreaterThan(now);
  });

  it('the seed notices travel as PDFs with their text: 89号 carries 169号 and 56号 as 附件; some reports carry a file', async () => {
    const token = (await demoApp.get(TokensRepository).create({ unitCode: '141002', role: 'clerk', name: 'test' }))
      .token;
    const city = await request(demoApp.getHttpServer())
      .get(`/api/directives/${DEMO_DIRECTIVES.city}`)
      .set('Authorization', `Bearer ${token}`);
    expect(city.status).toBe(200);
    expect(city.body.documents.bodyFile.name).toBe('临市民函〔2024〕89号.pdf');
    expect(city.body.documents.attachments.map((f: { name: string }) => f.name)).toEqual([
      '晋民函〔2024〕169号.pdf',
      '民函〔2024〕56号.pdf',
    ]);
    expect(city.body.chain.map((link: { docNumber: string }) => link.docNumber)).toEqual([
      '民函〔2024〕56号',
      '晋民函〔2024〕169号',
    ]);
    const text = async (file: { sha256: string; size: number }) => {
      const stream = await openFileStore(undefined, dataDir).get(file.sha256);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const pdf = Buffer.concat(chunks);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // Subset embedding: a page of Chinese text stays far below the font's 10 MB.
      expect(pdf.length).toBeLessThan(200_000);
      const { extractText, getDocumentProxy } = await import('unpdf');
      // Lines wrap anywhere in Chinese text: compare without white space.
      return (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text.replace(
        /\s+/g,
        '',
      );
    };
    const cityText = await text(city.body.documents.bodyFile);
    expect(cityText).toContain('临市民函〔2024〕89号');
    expect(cityText).toContain('每年结合单位职责至少开展一项新时代“银龄行动”主题活动');
    expect(await text(city.body.documents.attachments[0])).toContain('请于11月20日前以电子版形式报省老龄办');
    const withFiles: Array<{ unit_code: string }> = await query(
      "SELECT DISTINCT r.unit_code FROM file_attachments f JOIN reports r ON r.id = f.report_id WHERE f.role = 'REPORT' ORDER BY r.unit_code",
    );
    expect(withFiles.map((row) => row.unit_code)).toEqual([...REPORTS_WITH_FILES].sort());
  });

  it('the seed carries a 填报表 down the chain, and the counties that reported filled it', async () => {
    const token = (await demoApp.get(TokensRepository).create({ unitCode: '141000', role: 'clerk', name: 'test' }))
      .token;
    const rollup = await request(demoApp.getHttpServer())
      .get(`/api/directives/${DEMO_DIRECTIVES.city}/rollup`)
      .set('Authorization', `Bearer ${token}`);
    expect(rollup.status).toBe(200);
    expect(rollup.body.form.fields.map((f: { label: string }) => f.label)).toEqual([
      '主题活动数',
      '参与人数',
      '服务队',
    ]);
    const reported = rollup.body.units.filter((u: { reported: boolean }) => u.reported);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.length).toBeLessThan(rollup.body.units.length);
    const sum = reported.reduce(
      (total: number, u: { values: { participants: number } }) => total + u.values.participants,
      0,
    );
    expect(rollup.body.total.participants).toBe(sum);
    expect(rollup.body.total.teams).toHaveLength(reported.length);
  });

  it('seeding again changes nothing: neither when the marker says so, nor when it walks every step again', async () => {
    const before = await settledEventCount();
    expect(await seeder.seed(dataDir)).toBe('present');
    fs.rmSync(path.join(dataDir, DEMO_SEED_MARKER));
    expect(await seeder.seed(dataDir)).toBe('resumed');
    expect(await settledEventCount()).toBe(before);
    expect(Number((await query('SELECT COUNT(*) AS n FROM directives'))[0].n)).toBe(4);
    expect(Number((await query('SELECT COUNT(*) AS n FROM assignments'))[0].n)).toBe(1 + 17 + 17 + 1);
  });

  it('the 紧急通知 falls overdue and climbs the ladder: 督办 to 临汾, then to the province, then 通报', async () => {
    const urgent = workflowIds.assignment(DEMO_DIRECTIVES.urgent, '141002');
    await env.sleep(4 * 60_000);
    const escalations = await eventually(
      () => query('SELECT level, reason, target_unit FROM escalations WHERE assignment_id = ? ORDER BY level', urgent),
      (rows) => rows.length === 3,
    );
    expect(
      escalations.map((e: { level: number; reason: string; target_unit: string | null }) => [
        Number(e.level),
        e.reason,
        e.target_unit,
      ]),
    ).toEqual([
      [1, 'OVERDUE', '141000'],
      [2, 'OVERDUE', '140000'],
      [3, 'OVERDUE', null],
    ]);
    const [row] = await eventually(
      () => query('SELECT overdue, escalation_level FROM assignments WHERE id = ?', urgent),
      (r) => Number(r[0].escalation_level) === 3,
    );
    expect(Boolean(Number(row.overdue))).toBe(true);
    // Only the 紧急通知 is escalated: the seed chain's deadlines are days away.
    expect(Number((await query('SELECT COUNT(*) AS n FROM escalations WHERE assignment_id <> ?', urgent))[0].n)).toBe(
      0,
    );
  });

  it('demo tokens: created once, kept in the data dir, reused while live, served at GET /api/demo/tokens', async () => {
    const tokens = demoApp.get(TokensRepository);
    const units = demoApp.get(UnitsRepository);
    const first = await ensureDemoTokens(tokens, units, dataDir);
    expect(first.map((t) => [t.unitCode, t.role, t.unitName])).toEqual([
      ['140000', 'supervisor', '山西省民政厅'],
      ['141000', 'clerk', '临汾市民政局'],
      ['141002', 'clerk', '尧都区民政局'],
    ]);
    expect(first.map((t) => t.label)).toEqual(DEMO_USERS.map((u) => u.label));
    expect(readDemoTokens(dataDir)).toEqual(first);
    expect(await ensureDemoTokens(tokens, units, dataDir)).toEqual(first);
    expect(fs.statSync(path.join(dataDir, 'demo-tokens.json')).mode & 0o077).toBe(0);

    const response = await request(demoApp.getHttpServer()).get('/api/demo/tokens');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(first);

    // The county clerk's token works: its inbox holds 临市民函〔2024〕89号 and the overdue 紧急通知.
    const county = first[2].token;
    const inbox = await request(demoApp.getHttpServer())
      .get('/api/units/141002/inbox')
      .set('Authorization', `Bearer ${county}`);
    expect(inbox.status).toBe(200);
    const items = (Array.isArray(inbox.body) ? inbox.body : inbox.body.items) as Array<{
      docNumber: string;
      overdue: boolean;
    }>;
    expect(items.map((i) => [i.docNumber, i.overdue]).sort()).toEqual([
      ['临市民函〔2024〕89号', false],
      ['临市民电〔2024〕3号', true],
    ]);
  });

  it('a revoked demo token is left out of the endpoint and replaced at the next start', async () => {
    const before = readDemoTokens(dataDir)!;
    const record = await demoApp.get(TokensRepository).findByToken(before[1].token);
    await demoApp.get(TokensRepository).revoke(record!.id);
    const listed = await request(demoApp.getHttpServer()).get('/api/demo/tokens');
    expect(listed.body.map((t: { unitCode: string }) => t.unitCode)).toEqual(['140000', '141002']);

    const after = await ensureDemoTokens(demoApp.get(TokensRepository), demoApp.get(UnitsRepository), dataDir);
    expect(after[0].token).toBe(before[0].token);
    expect(after[1].token).not.toBe(before[1].token);
    expect(after[2].token).toBe(before[2].token);
  });

  it('GET /api/demo/tokens is 404 when not in demo mode, even with the file present', async () => {
    const response = await request(plainApp.getHttpServer()).get('/api/demo/tokens');
    expect(response.status).toBe(404);
    expect(response.body.message).toMatch(/演示模式/);
  });
});
