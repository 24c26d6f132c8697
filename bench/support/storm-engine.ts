import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { type CascadeConfig, loadConfig } from '@cascade/config';
import type { PlacedUnit } from '@cascade/domain/units';
import { installTemporalRuntime, startDevServer } from '@cascade/temporal';
import { WorkerAppModule } from '../../apps/worker/src/worker.module';
import { createBenchDatabase, prepareDatabase } from './cascade-stack';
import { cascadeDriver, type Driver } from './drivers';
import { loadNational } from './national-units';

/** The ministry: it issues S5's directives, so every level-1 督办 of the storm is addressed to it. */
export const STORM_ISSUER = '000000';

/** A Temporal dev server and the cascade worker process as production runs it (activities, notification poller). */
export interface StormEngine {
  /** The worker's Nest context: its repositories and the read model. */
  app: INestApplicationContext;
  dataSource: DataSource;
  /** Drives runS5 against this worker. */
  driver: Driver;
  /** The units S5 may address (cities, counties, townships of the national preset). */
  recipients: PlacedUnit[];
  close(): Promise<void>;
}

/**
 * Starts the engine for a storm whose notifications go out through the worker's own dispatchers.
 * `env` (CASCADE_SMTP_URL and the like) is set before the worker reads its notification settings.
 */
export async function startStormEngine(options: {
  env: Record<string, string>;
  log: (line: string) => void;
}): Promise<StormEngine> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    installTemporalRuntime('ERROR');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-storm-temporal-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const server = await startDevServer({
      dataDir,
      uiPort: null,
      extraArgs: (process.env.BENCH_DEV_SERVER_EXTRA ?? '').split(' ').filter(Boolean),
      log: (line) => (/level=(ERROR|FATAL)/.test(line) ? options.log(line) : undefined),
    });
    cleanups.push(async () => server.stop());

    const units = loadNational();
    const database = await createBenchDatabase(process.env.BENCH_MYSQL_URL ?? null, 'storm');
    cleanups.push(() => database.drop());
    options.log(`read model on ${database.label}: migrating, importing ${units.all.length} units`);
    await prepareDatabase(database.config, units.all);

    Object.assign(process.env, options.env);
    const taskQueue = `storm-${Date.now().toString(36)}`;
    const loaded = loadConfig({
      CASCADE_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    const config: CascadeConfig = {
      ...loaded,
      port: 0,
      database: database.config,
      temporal: { ...loaded.temporal, uiPort: null },
    };
    options.log('starting the worker (bundles the workflows)');
    const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(config), { logger: ['error'] });
    cleanups.push(() => app.close());
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const dataSource = app.get(DataSource);
    // S5 needs no HTTP: the driver's HTTP operations are never called.
    const driver = cascadeDriver(new Client({ connection }), dataSource, taskQueue, 'http://127.0.0.1:9');
    const recipients = units.all.filter(
      (unit) => unit.level === 'county' || unit.level === 'city' || unit.level === 'township',
    );
    return { app, dataSource, driver, recipients, close };
  } catch (error) {
    await close();
    throw error;
  }
}
