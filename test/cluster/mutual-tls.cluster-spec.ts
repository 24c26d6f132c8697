import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '@cascade/config';
import { workflowIds } from '@cascade/contracts';
import { placeUnits } from '@cascade/domain/units';
import { openDatabase, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { freePort, temporalConnectionOptions } from '@cascade/temporal';
import { logContains, type Managed, ROOT, startCascadeProcess, waitFor } from '../faults/support/processes';
import { DrillApi } from '../faults/support/drill-api';
import { type ClusterPlacement, clusterScript, freePortRange } from './support/cluster';

/**
 * A cluster whose frontend requires mutual TLS (scripts/cluster/temporal.sh --tls): the worker and the
 * API reach it with nothing but the TEMPORAL_TLS_* settings, and a client without a certificate is refused.
 */
describe('Cascade on a cluster that requires mutual TLS', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-mtls-'));
  const logDir = path.join(ROOT, 'test-results', 'cluster', 'logs-mtls');
  let placement: ClusterPlacement;
  let tlsEnv: Record<string, string>;
  let apiPort: number;
  const apps: Managed[] = [];
  const tokens = new Map<string, string>();
  const script = (name: string, ...args: string[]) =>
    clusterScript(placement, name, args, path.join(logDir, 'scripts.log'));

  beforeAll(async () => {
    fs.rmSync(logDir, { recursive: true, force: true });
    fs.mkdirSync(logDir, { recursive: true });
    fs.chmodSync(dir, 0o755); // PostgreSQL runs as the postgres account when the tests run as root.
    placement = {
      dir: path.join(dir, 'cluster'),
      pgPort: await freePort(54_360),
      temporalPort: await freePortRange(28_833, 24),
      shards: 1,
    };
    await script('temporal', 'start', '--tls', '--fresh');
    const tls = path.join(placement.dir, 'temporal', 'tls');
    tlsEnv = {
      TEMPORAL_ADDRESS: `127.0.0.1:${placement.temporalPort}`,
      TEMPORAL_TLS_CA_FILE: path.join(tls, 'ca.pem'),
      TEMPORAL_TLS_CERT_FILE: path.join(tls, 'client.pem'),
      TEMPORAL_TLS_KEY_FILE: path.join(tls, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'localhost',
    };
    const database = `sqlite:${path.join(dir, 'cascade.db')}`;
    const db = await openDatabase(loadConfig({ DATABASE_URL: database }).database);
    await new UnitsRepository(db).upsertMany(
      placeUnits([
        { code: '970000', name: '加密演练省厅', parentCode: null, level: 'province' },
        { code: '970100', name: '加密演练市局', parentCode: '970000', level: 'city' },
      ]),
    );
    const repository = new TokensRepository(db);
    for (const unit of ['970000', '970100'])
      tokens.set(unit, (await repository.create({ unitCode: unit, role: 'clerk', name: 'mtls' })).token);
    await db.destroy();
    apiPort = await freePort(13_890);
    const env = {
      ...tlsEnv,
      DATABASE_URL: database,
      CASCADE_DATA_DIR: dir,
      CASCADE_DEMO: '0',
      TEMPORAL_TASK_QUEUE: 'mtls',
      TEMPORAL_LOG_LEVEL: 'WARN',
    };
    apps.push(startCascadeProcess('worker', 'worker', env, logDir));
    apps.push(startCascadeProcess('api', 'api', { ...env, PORT: String(apiPort) }, logDir));
    await Promise.all([
      logContains(apps[0].log, 'worker polling task queue', 180_000),
      waitFor(
        'API health',
        () => fetch(`http://127.0.0.1:${apiPort}/api/health`).then((r) => r.status),
        (status) => status === 200,
        180_000,
        200,
      ),
    ]);
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    await script('temporal', 'stop').catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the worker and the API run a directive over mTLS', async () => {
    const api = new DrillApi(() => `http://127.0.0.1:${apiPort}`, tokens);
    const issued = await api.write('/api/directives', '970000', {
      docNumber: '加密〔2026〕1号',
      title: '双向认证演练',
      issuerUnit: '970000',
      recipients: ['970100'],
      deadline: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    });
    expect(issued.status).toBe(201);
    const ack = await api.write(
      `/api/assignments/${workflowIds.assignment(issued.body.id as string, '970100')}/acknowledge`,
      '970100',
      {},
    );
    expect(ack.status).toBe(200);
  });

  it('refuses a client without a certificate, and one without TLS', async () => {
    const options = temporalConnectionOptions(loadConfig(tlsEnv).temporal);
    const withCertificate = await Connection.connect(options);
    expect((await withCertificate.workflowService.getSystemInfo({})).serverVersion).toBe('1.29.1');
    await withCertificate.close();
    const { clientCertPair: _dropped, ...serverOnly } = options.tls ?? {};
    for (const refused of [{ ...options, tls: serverOnly }, { address: options.address }])
      await expect(
        Connection.connect({ ...refused, connectTimeout: 3000 }).then((c) => c.workflowService.getSystemInfo({})),
      ).rejects.toThrow();
  });
});
