import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { CascadeConfigModule } from '@cascade/config';
import type { CascadeActivities } from '@cascade/contracts';
import { placeUnits, SHANXI_DEMO_RELATIONS, SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import { openDatabase, PersistenceModule, type UnitRelationEntity, UnitsRepository } from '@cascade/persistence';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { CASCADE_ACTIVITIES, CascadeActivitiesModule } from '../../apps/worker/src/cascade-activities.module';
import { CascadeClient } from './cascade-client';
import { testConfig } from './api-app';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { createTestWorker, uniqueTaskQueue } from './workers';

/**
 * The cascade engine as it runs in production, for workflow tests: the real workflow bundle on
 * Temporal's test server, with the real activities writing to a real database that holds the
 * shanxi-demo unit hierarchy.
 */
export interface CascadeHarness {
  env: TestWorkflowEnvironment;
  db: TestDatabase;
  dataSource: DataSource;
  activities: CascadeActivities;
  taskQueue: string;
  /** A new worker on the harness's task queue (tests may stop one and start another). */
  createWorker(options?: Partial<WorkerOptions>): Promise<Worker>;
  close(): Promise<void>;
}

export async function createCascadeHarness(env: TestWorkflowEnvironment, kind: DatabaseKind): Promise<CascadeHarness> {
  const db = await createTestDatabase(kind);
  const migrated = await openDatabase(db.config);
  await new UnitsRepository(migrated).upsertMany(placeUnits(SHANXI_DEMO_UNITS));
  await new UnitsRepository(migrated).upsertRelations(
    SHANXI_DEMO_RELATIONS.map((r) => ({ ...r }) as UnitRelationEntity),
  );
  await migrated.destroy();

  const taskQueue = uniqueTaskQueue('cascade');
  const moduleRef = await Test.createTestingModule({
    imports: [
      CascadeConfigModule.forRoot(testConfig(env.address, db.config, taskQueue)),
      PersistenceModule,
      CascadeActivitiesModule,
    ],
  })
    .setLogger({ log: () => undefined, error: console.error, warn: () => undefined })
    .compile();
  const context: INestApplicationContext = await moduleRef.init();
  const activities = context.get<CascadeActivities>(CASCADE_ACTIVITIES);

  return {
    env,
    db,
    dataSource: context.get(DataSource),
    activities,
    taskQueue,
    createWorker: (options = {}) => createTestWorker(env.nativeConnection, taskQueue, { activities, ...options }),
    async close() {
      await context.close();
      await db.drop();
    },
  };
}

/** Polls until `probe` returns a value that `done` accepts (signals between workflows are asynchronous). */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await probe();
  }
  return value;
}

/** What {@link useRunningCascade} sets up for a spec; filled in by its beforeAll. */
export interface RunningCascade {
  env: TestWorkflowEnvironment;
  harness: CascadeHarness;
  cascade: CascadeClient;
}

/**
 * Jest lifecycle of a workflow spec: Temporal's time-skipping test server, the harness on `kind`
 * and one running worker, torn down after the spec.
 */
export function useRunningCascade(kind: DatabaseKind): RunningCascade {
  const running = {} as RunningCascade;
  let worker: Worker | undefined;
  let run: Promise<void> | undefined;
  beforeAll(async () => {
    running.env = await createTimeSkippingEnvironment();
    running.harness = await createCascadeHarness(running.env, kind);
    worker = await running.harness.createWorker();
    run = worker.run();
    running.cascade = new CascadeClient(running.env.client, running.harness.taskQueue);
  });
  afterAll(async () => {
    worker?.shutdown();
    await run;
    await running.harness?.close();
    await running.env?.teardown();
  });
  return running;
}
