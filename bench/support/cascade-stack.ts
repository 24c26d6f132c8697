import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { type CascadeConfig, CascadeConfigModule, type DatabaseConfig, loadConfig } from '@cascade/config';
import type { CascadeActivities } from '@cascade/contracts';
import type { PlacedUnit } from '@cascade/domain/units';
import { openDatabase, PersistenceModule, UnitsRepository } from '@cascade/persistence';
import { TemporalClientModule } from '@cascade/temporal';
import { ApiAppModule, ApiModule } from '../../apps/api/src/api.module';
import { configureApi } from '../../apps/api/src/configure-api';
import { CASCADE_ACTIVITIES, CascadeActivitiesModule } from '../../apps/worker/src/cascade-activities.module';

/** A database made for one benchmark run: MySQL `<base>_bench_<random>` or a SQLite file. */
export interface BenchDatabase {
  config: DatabaseConfig;
  label: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(mysqlUrl: string | null, tag: string): Promise<BenchDatabase> {
  if (!mysqlUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cascade-bench-${tag}-`));
    return {
      config: { type: 'sqlite', database: path.join(dir, 'cascade.db') },
      label: 'SQLite (better-sqlite3, WAL)',
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = new URL(mysqlUrl);
  // The provisioned user may create databases named <base>_<suffix> (scripts/provision-mysql.sh).
  const name = `${base.pathname.slice(1)}_bench_${tag}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection({ uri: base.toString() });
  const [rows] = await admin.query('SELECT VERSION() AS version');
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    config: { type: 'mysql', url: url.toString() },
    label: `MySQL ${(rows as Array<{ version: string }>)[0].version}`,
    async drop() {
      const connection = await createConnection({ uri: base.toString() });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

/** Migrates the database and loads the units (the national preset). */
export async function prepareDatabase(database: DatabaseConfig, units: PlacedUnit[]): Promise<void> {
  const dataSource = await openDatabase(database);
  try {
    await new UnitsRepository(dataSource).upsertMany(units);
  } finally {
    await dataSource.destroy();
  }
}

@Module({})
class BenchCascadeModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    // What `npm start` runs (the API and the worker's activities) in one process, minus the
    // notification dispatcher, with the worker built here so the benchmark can set its options.
    return {
      module: BenchCascadeModule,
      imports: [
        CascadeConfigModule.forRoot(config),
        PersistenceModule,
        TemporalClientModule,
        ApiModule,
        CascadeActivitiesModule,
      ],
    };
  }
}

/** Cascade as it runs: API over HTTP, the worker with the real activities, the read model. */
export interface CascadeStack {
  app: INestApplication;
  baseUrl: string;
  dataSource: DataSource;
  worker: Worker;
  taskQueue: string;
  close(): Promise<void>;
}

export async function startCascadeStack(options: {
  address: string;
  database: DatabaseConfig;
  taskQueue: string;
  workflowBundlePath: string;
  workerOptions: Partial<WorkerOptions>;
}): Promise<CascadeStack> {
  // Through loadConfig, so settings added to the schema later keep their defaults here too.
  const loaded = loadConfig({
    CASCADE_DATA_DIR: os.tmpdir(),
    TEMPORAL_ADDRESS: options.address,
    TEMPORAL_TASK_QUEUE: options.taskQueue,
  });
  const config: CascadeConfig = {
    ...loaded,
    port: 0,
    database: options.database,
    temporal: { ...loaded.temporal, uiPort: null },
  };
  const app = await NestFactory.create(BenchCascadeModule.forRoot(config), { logger: ['error'] });
  configureApi(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const activities = app.get<CascadeActivities>(CASCADE_ACTIVITIES);
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: options.taskQueue,
    activities,
    workflowBundle: { codePath: options.workflowBundlePath },
    ...options.workerOptions,
  });
  const running = worker.run();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataSource: app.get(DataSource),
    worker,
    taskQueue: options.taskQueue,
    async close() {
      worker.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      await app.close();
    },
  };
}

/** Only the API (S6 reads on a seeded read model). */
export async function startApiOnly(
  address: string,
  database: DatabaseConfig,
): Promise<{ baseUrl: string; dataSource: DataSource; close(): Promise<void> }> {
  const loaded = loadConfig({ CASCADE_DATA_DIR: os.tmpdir(), TEMPORAL_ADDRESS: address });
  const config: CascadeConfig = { ...loaded, port: 0, database, temporal: { ...loaded.temporal, uiPort: null } };
  const app = await NestFactory.create(ApiAppModule.forRoot(config), { logger: ['error'] });
  configureApi(app);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}`, dataSource: app.get(DataSource), close: () => app.close() };
}
