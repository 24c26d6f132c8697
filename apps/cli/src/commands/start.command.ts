import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfiguredCalendar } from '@cascade/calendar';
import { type CascadeConfig, loadConfig, storageConfigOf } from '@cascade/config';
import { SHANXI_DEMO_RELATIONS, SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import {
  type DemoAccounts,
  type DemoToken,
  describeDatabase,
  DirectivesRepository,
  FilesRepository,
  openDatabase,
  PeopleRepository,
  ROLE_NAMES,
  TokensRepository,
  UnitsRepository,
} from '@cascade/persistence';
import { openFileStore } from '@cascade/storage';
import { acquireTemporalEngine, temporalConnectionOptions } from '@cascade/temporal';
import { StoredDemoFiles } from '../demo/demo-documents';
import { DEMO_DIRECTIVES } from '../demo/demo-scenario';
import { ensureDemoPeople } from '../demo/demo-people';
import { DemoSeeder } from '../demo/demo-seeder';
import { ensureDemoTokens } from '../demo/demo-tokens';
import { AppProcess } from './app-process';
import { importUnits } from './units-import.command';
import type { CliCommand } from './command';
import { readStartTopology } from './start-topology';

const log = (line: string) => console.log(`[cascade] ${line}`);

/** How long the API and the worker may take to come up. */
const READY_WITHIN_MS = 180_000;

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

/** Polls `ready` until it holds or a stop was asked for; fails when an app exits first or it takes too long. */
async function waitUntil(
  what: string,
  ready: () => Promise<boolean>,
  apps: readonly AppProcess[],
  stopping: () => boolean,
): Promise<void> {
  const giveUpAt = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (stopping()) return;
    const gone = apps.find((app) => !app.running);
    if (gone) throw new Error(`the ${gone.app} exited while waiting for ${what}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > giveUpAt) throw new Error(`${what} not ready within ${READY_WITHIN_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function apiAnswers(base: string): Promise<boolean> {
  await fetch(`${base}/api/health`);
  return true;
}

async function workerPolls(client: Client, namespace: string, taskQueue: string): Promise<boolean> {
  const { pollers } = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: taskQueue },
    taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return (pollers?.length ?? 0) > 0;
}

/**
 * Demo mode: the shanxi-demo units, the seed cascade on the first run, and the demo users'
 * tokens. Seeds only a database that holds no directives or the demo's own: real data is left alone.
 */
async function prepareDemo(
  client: Client,
  config: CascadeConfig,
): Promise<{ tokens: DemoToken[]; people: DemoAccounts } | null> {
  const dataSource = await openDatabase(config.database, { migrate: false });
  try {
    const others = await new DirectivesRepository(dataSource).countExcept(Object.values(DEMO_DIRECTIVES));
    const seeder = new DemoSeeder(
      client,
      config.temporal.taskQueue,
      loadConfiguredCalendar(),
      (line) => log(`demo: ${line}`),
      new StoredDemoFiles(
        openFileStore(storageConfigOf(config).url ?? undefined, config.dataDir),
        new FilesRepository(dataSource),
      ),
    );
    if (others > 0 && (await seeder.seededAt()) === null) {
      log(
        'demo: the database already holds directives of its own: no demo seeded (CASCADE_DEMO=0 turns demo mode off)',
      );
      return null;
    }
    const units = await importUnits(dataSource, { units: SHANXI_DEMO_UNITS, relations: SHANXI_DEMO_RELATIONS });
    if (units.created > 0) log(`demo: imported the shanxi-demo units (${units.created} new)`);
    const outcome = await seeder.seed(config.dataDir);
    log(
      outcome === 'present'
        ? 'demo: the seed cascade is already there (nothing re-issued)'
        : `demo: ${outcome === 'seeded' ? 'seeded' : 'finished seeding'} 民函〔2024〕56号 → 晋民函〔2024〕169号 → 临市民函〔2024〕89号, and a 紧急通知 that falls overdue in a minute`,
    );
    const registry = new UnitsRepository(dataSource);
    return {
      tokens: await ensureDemoTokens(new TokensRepository(dataSource), registry, config.dataDir),
      people: await ensureDemoPeople(new PeopleRepository(dataSource), registry, config.dataDir),
    };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Runs the whole system on one machine: the Temporal dev server (unless TEMPORAL_ADDRESS), then
 * the worker and the API as their own processes, started from their compiled entries exactly as
 * they run alone; this process supervises them, seeds the demo and stops everything together.
 */
export const startCommand: CliCommand = {
  name: ['start'],
  summary:
    'run the whole system: Temporal dev server (unless TEMPORAL_ADDRESS), worker and API; in demo mode the seed cascade',
  async run() {
    const config = loadConfig();
    const topology = readStartTopology(process.env, config.port);
    const engine = await acquireTemporalEngine(config, (line) => {
      if (!line.startsWith('[temporal]')) log(line);
    });
    const runningFile = path.join(config.dataDir, RUNNING_FILE);
    const apps: AppProcess[] = [];
    let connection: Connection | null = null;
    // Ctrl-C at any point stops everything started so far.
    let stopRequested: string | null = null;
    let wake: () => void = () => undefined;
    const requestStop = (signal: string) => {
      if (stopRequested) return;
      stopRequested = signal;
      log(`${signal}: stopping`);
      wake();
    };
    const onInt = () => requestStop('SIGINT');
    const onTerm = () => requestStop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    let exitCode = 0;
    try {
      const database = await openDatabase(config.database);
      await database.destroy();
      log(`database ${describeDatabase(config.database)} migrated`);

      const runtimeConfig: CascadeConfig = { ...config, temporal: { ...config.temporal, address: engine.address } };
      const env = { TEMPORAL_ADDRESS: engine.address };
      const label = (app: string, i: number, of: number) => (of > 1 ? `${app}-${i + 1}` : app);
      for (let i = 0; i < topology.workers; i++)
        apps.push(new AppProcess('worker', env, log, label('worker', i, topology.workers)));
      topology.apiPorts.forEach((port, i, ports) =>
        apps.push(new AppProcess('api', { ...env, PORT: String(port) }, log, label('api', i, ports.length))),
      );
      const base = topology.publicUrl;
      connection = await Connection.connect(temporalConnectionOptions(config.temporal, engine.address));
      const client = new Client({ connection, namespace: config.temporal.namespace });
      const stopping = () => stopRequested !== null;
      await waitUntil(
        'the worker',
        () => workerPolls(client, config.temporal.namespace, config.temporal.taskQueue),
        apps,
        stopping,
      );
      for (const port of topology.apiPorts)
        await waitUntil('the API', () => apiAnswers(`http://127.0.0.1:${port}`), apps, stopping);
      if (base !== `http://127.0.0.1:${topology.apiPorts[0]}`)
        // The balancer answers at once (503) but serves only once its health checks found an API.
        await waitUntil(`the API through ${base}`, async () => (await fetch(`${base}/api/health`)).ok, apps, stopping);

      const running: RunningSystem = {
        pid: process.pid,
        api: base,
        temporalAddress: engine.address,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
      };
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(runningFile, `${JSON.stringify(running, null, 2)}\n`);

      let demo: { tokens: DemoToken[]; people: DemoAccounts } | null = null;
      if (config.demo && stopRequested === null) {
        try {
          demo = await prepareDemo(client, runtimeConfig);
        } catch (error) {
          log(
            `demo: seeding failed, the system runs without it: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }

      if (stopRequested === null) {
        log('Cascade is running:');
        log(`  Dashboard     ${base}/`);
        log(`  API docs      ${base}/api/docs`);
        log(`  API health    ${base}/api/health`);
        log(`  Temporal      ${engine.address}${engine.devServer ? ' (dev server started by Cascade)' : ''}`);
        if (engine.uiUrl) log(`  Temporal UI   ${engine.uiUrl}`);
        log(`  Data          ${config.dataDir} (${describeDatabase(config.database)})`);
        if (demo) {
          log(`Demo people: sign in at ${base}/ with a 账号 below and the password ${demo.people.password}`);
          for (const person of demo.people.accounts)
            log(`  ${person.login.padEnd(18)} ${person.name}（${ROLE_NAMES[person.role]}）`);
          log(
            `Demo bearer tokens for the API and scripts (also in ${path.join(config.dataDir, 'demo-tokens.json')} and at ${base}/api/demo/tokens):`,
          );
          for (const token of demo.tokens)
            log(`  ${token.label.padEnd(16, '　')} ${token.role.padEnd(10)} ${token.token}`);
        }
        log('Press Ctrl-C to stop.');
        // Until Ctrl-C, or until an app exits on its own: the system is not whole without it.
        const crashed = await Promise.race([
          new Promise<null>((resolve) => {
            wake = () => resolve(null);
          }),
          ...apps.map((app) => app.exited.then((code) => ({ app: app.label, code }))),
        ]);
        // An app ended by a signal was stopped (Ctrl-C reaches the whole process group); any other exit is a failure.
        if (crashed && stopRequested === null) {
          log(`the ${crashed.app} exited${crashed.code === null ? '' : ` with code ${crashed.code}`}: stopping`);
          if (crashed.code !== null) exitCode = 1;
        }
      }
    } finally {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      fs.rmSync(runningFile, { force: true });
      // The API first, so no request reaches a stopped worker's task queue unanswered.
      for (const app of [...apps].reverse()) await app.stop();
      await connection?.close();
      await engine.devServer?.stop();
      log('stopped');
    }
    return exitCode;
  },
};
