import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CascadeConfigModule } from '@cascade/config';
import { type CascadeApi, createCascadeApi } from '@cascade/api-client';
import { placeUnits, SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import {
  type ApiRole,
  openDatabase,
  PeopleRepository,
  PersistenceModule,
  ROLE_NAMES,
  TokensRepository,
  UnitsRepository,
} from '@cascade/persistence';
import { type RunningDevServer, startDevServer, TemporalClientModule } from '@cascade/temporal';
import { ApiModule } from '../../../apps/api/src/api.module';
import { configureApi } from '../../../apps/api/src/configure-api';
import { webRoot } from '../../../apps/api/src/web-assets/web-assets';
import { WorkerModule } from '../../../apps/worker/src/worker.module';
import { testConfig } from '../../support/api-app';
import { uniqueTaskQueue } from '../../support/workers';

/**
 * The system `npm start` runs, in this process: a real Temporal dev server (wall-clock
 * timers, so polling UIs see deadlines pass), the worker and the API in one Nest app on a free
 * port, SQLite in a temp dir with the shanxi-demo units, and the built dashboard from dist/web.
 */
export interface RunningStack {
  baseUrl: string;
  app: INestApplication;
  token(unitCode: string, role?: ApiRole): Promise<string>;
  /** A person of a unit and role who signs in with a password (one per pair, named by the post). */
  person(unitCode: string, role?: ApiRole): Promise<{ login: string; password: string; name: string }>;
  /** The typed API client as a unit and role. */
  client(unitCode: string, role?: ApiRole): CascadeApi;
  close(): Promise<void>;
}

export async function startRunningStack(): Promise<RunningStack> {
  const index = path.join(webRoot(), 'index.html');
  if (!fs.existsSync(index))
    throw new Error(`The dashboard is not built (${index} is missing): run \`npm run build\` (scripts/test.sh does).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-e2e-'));
  let server: RunningDevServer | null = null;
  let app: INestApplication | null = null;
  try {
    server = await startDevServer({ dataDir: dir, uiPort: null, port: null });
    const config = {
      ...testConfig(server.address, { type: 'sqlite', database: path.join(dir, 'cascade.db') }, uniqueTaskQueue('e2e')),
      dataDir: dir,
    };
    const migrated = await openDatabase(config.database);
    await new UnitsRepository(migrated).upsertMany(placeUnits(SHANXI_DEMO_UNITS));
    await migrated.destroy();

    const system = {
      module: class RunningStackModule {},
      imports: [CascadeConfigModule.forRoot(config), PersistenceModule, TemporalClientModule, ApiModule, WorkerModule],
    };
    app = await NestFactory.create(system, { logger: ['error'] });
    configureApi(app);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const tokens = app.get(TokensRepository);
    const cache = new Map<string, string>();
    const token = async (unitCode: string, role: ApiRole = 'clerk') => {
      const key = `${unitCode}/${role}`;
      if (!cache.has(key)) cache.set(key, (await tokens.create({ unitCode, role, name: `e2e ${key}` })).token);
      return cache.get(key)!;
    };
    const people = app.get(PeopleRepository);
    const units = app.get(UnitsRepository);
    const persons = new Map<string, { login: string; password: string; name: string }>();
    const person = async (unitCode: string, role: ApiRole = 'clerk') => {
      const login = `e2e-${unitCode}-${role}`;
      if (!persons.has(login)) {
        const name = `${(await units.findByCode(unitCode))?.name ?? unitCode}${ROLE_NAMES[role]}`;
        const password = `E2e${unitCode}${role}pass`;
        await people.create({ login, name, unitCode, role, password });
        persons.set(login, { login, password, name });
      }
      return persons.get(login)!;
    };
    const running = { server, app };
    return {
      baseUrl,
      app,
      token,
      person,
      client: (unitCode, role) => createCascadeApi({ baseUrl, token: () => token(unitCode, role) }),
      async close() {
        await running.app.close();
        await running.server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
