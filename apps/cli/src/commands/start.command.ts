import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { type CascadeConfig, loadConfig } from '@cascade/config';
import { SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import { describeDatabase, openDatabase, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { acquireTemporalEngine, installTemporalRuntime } from '@cascade/temporal';
import { configureApi } from '../../../api/src/configure-api';
import type { DemoToken } from '../../../api/src/demo/demo-tokens.file';
import { loadWorkerCalendar } from '../../../worker/src/work-calendar.provider';
import { CascadeAppModule } from '../cascade-app.module';
import { DEMO_DIRECTIVES } from '../demo/demo-scenario';
import { DemoSeeder } from '../demo/demo-seeder';
import { ensureDemoTokens } from '../demo/demo-tokens';
import { importUnits } from './units-import.command';
import type { CliCommand } from './command';

const log = (line: string) => console.log(`[cascade] ${line}`);

/** Nest's boot chatter (modules, routes) would bury the URLs; warnings, errors and our own logs stay. */
const BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);
class StartLogger extends ConsoleLogger {
  override log(message: unknown, context?: string): void {
    if (context && BOOT_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}

/** Where a running `cascade start` tells other commands (`cascade demo`) how to reach it; removed on stop. */
export const RUNNING_FILE = 'running.json';

export interface RunningSystem {
  pid: number;
  api: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
}

export function readRunningSystem(dataDir: string): RunningSystem | null {
  try {
    const running = JSON.parse(fs.readFileSync(path.join(dataDir, RUNNING_FILE), 'utf8')) as RunningSystem;
    process.kill(running.pid, 0);
    return running;
  } catch {
    return null;
  }
}

/**
 * Demo mode: the shanxi-demo units, the seed cascade on the first run, and the demo users'
 * tokens. Seeds only a database that holds no directives or the demo's own: real data is left alone.
 */
async function prepareDemo(app: { get<T>(type: abstract new (...args: never[]) => T): T }, config: CascadeConfig): Promise<DemoToken[] | null> {
  const dataSource = app.get(DataSource);
  const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM directives WHERE id NOT IN (?, ?, ?, ?)', Object.values(DEMO_DIRECTIVES));
  const seeder = new DemoSeeder(app.get(Client), config.temporal.taskQueue, loadWorkerCalendar(), (line) => log(`demo: ${line}`));
  if (Number(n) > 0 && (await seeder.seededAt()) === null) {
    log('demo: the database already holds directives of its own: no demo seeded (CASCADE_DEMO=0 turns demo mode off)');
    return null;
  }
  const units = await importUnits(dataSource, SHANXI_DEMO_UNITS);
  if (units.created > 0) log(`demo: imported the shanxi-demo units (${units.created} new)`);
  const outcome = await seeder.seed(config.dataDir);
  log(
    outcome === 'present'
      ? 'demo: the seed cascade is already there (nothing re-issued)'
      : `demo: ${outcome === 'seeded' ? 'seeded' : 'finished seeding'} 民函〔2024〕56号 → 晋民函〔2024〕169号 → 临市民函〔2024〕89号, and a 紧急通知 that falls overdue in a minute`,
  );
  return ensureDemoTokens(app.get(TokensRepository), app.get(UnitsRepository), config.dataDir);
}

export const startCommand: CliCommand = {
  name: ['start'],
  summary: 'run the whole system: Temporal dev server (unless TEMPORAL_ADDRESS), worker and API; in demo mode the seed cascade',
  async run() {
    const config = loadConfig();
    installTemporalRuntime();
    const engine = await acquireTemporalEngine(config, (line) => {
      if (!line.startsWith('[temporal]')) log(line);
    });
    const stopEngine = async () => engine.devServer?.stop();
    const runningFile = path.join(config.dataDir, RUNNING_FILE);
    try {
      const database = await openDatabase(config.database);
      await database.destroy();
      log(`database ${describeDatabase(config.database)} migrated`);

      const runtimeConfig = { ...config, temporal: { ...config.temporal, address: engine.address } };
      const app = await NestFactory.create(CascadeAppModule.forRoot(runtimeConfig), { logger: new StartLogger({ logLevels: ['error', 'warn', 'log'] }) });
      configureApi(app);
      // Ctrl-C while the demo is being seeded must stop everything as well.
      let stopRequested: string | null = null;
      const early = (signal: string) => () => {
        stopRequested = signal;
      };
      const earlyInt = early('SIGINT');
      const earlyTerm = early('SIGTERM');
      process.once('SIGINT', earlyInt);
      process.once('SIGTERM', earlyTerm);
      await app.listen(config.port, '0.0.0.0');

      const base = `http://127.0.0.1:${config.port}`;
      const running: RunningSystem = {
        pid: process.pid,
        api: base,
        temporalAddress: engine.address,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
      };
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(runningFile, `${JSON.stringify(running, null, 2)}\n`);

      let demoTokens: DemoToken[] | null = null;
      if (config.demo && stopRequested === null) {
        try {
          demoTokens = await prepareDemo(app, runtimeConfig);
        } catch (error) {
          log(`demo: seeding failed, the system runs without it: ${error instanceof Error ? error.message : String(error)}`);
        }
      }

      log('Cascade is running:');
      log(`  Dashboard     ${base}/`);
      log(`  API docs      ${base}/api/docs`);
      log(`  API health    ${base}/api/health`);
      log(`  Temporal      ${engine.address}${engine.devServer ? ' (dev server started by Cascade)' : ''}`);
      if (engine.uiUrl) log(`  Temporal UI   ${engine.uiUrl}`);
      log(`  Data          ${config.dataDir} (${describeDatabase(config.database)})`);
      if (demoTokens) {
        log(`Demo users (bearer tokens, also in ${path.join(config.dataDir, 'demo-tokens.json')} and at ${base}/api/demo/tokens):`);
        for (const token of demoTokens) log(`  ${token.label.padEnd(16, '　')} ${token.role.padEnd(10)} ${token.token}`);
      }
      log('Press Ctrl-C to stop.');

      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (signal: string) => {
          if (stopping) return;
          stopping = true;
          log(`${signal}: stopping`);
          void app.close().catch((error: unknown) => log(`error while stopping: ${String(error)}`)).finally(resolve);
        };
        process.removeListener('SIGINT', earlyInt);
        process.removeListener('SIGTERM', earlyTerm);
        if (stopRequested) stop(stopRequested);
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    } finally {
      fs.rmSync(runningFile, { force: true });
      await stopEngine();
      log('stopped');
    }
  },
};
