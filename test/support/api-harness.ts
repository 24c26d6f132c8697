import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { type ApiRole, TokensRepository } from '@cascade/persistence';
import { createApiApp, testConfig } from './api-app';
import { type CascadeHarness, createCascadeHarness } from './cascade-harness';
import type { DatabaseKind } from './databases';

/**
 * The API over HTTP on top of the cascade harness: the real workflows on the time-skipping
 * test server, a running worker with the real activities, the shanxi-demo units, and tokens.
 */
export interface ApiHarness {
  cascade: CascadeHarness;
  app: INestApplication;
  /** A bearer token for a unit and role (cached per pair). */
  token(unitCode: string, role?: ApiRole): Promise<string>;
  /** supertest on the app, with `Authorization: Bearer` for the unit and role when given. */
  get(path: string, as?: [string, ApiRole?]): Promise<request.Response>;
  post(path: string, body: unknown, as?: [string, ApiRole?]): Promise<request.Response>;
  /** GET of a binary file: the body is a Buffer. */
  download(path: string, as?: [string, ApiRole?]): Promise<request.Response>;
  close(): Promise<void>;
}

export async function createApiHarness(env: TestWorkflowEnvironment, kind: DatabaseKind): Promise<ApiHarness> {
  const cascade = await createCascadeHarness(env, kind);
  const worker: Worker = await cascade.createWorker();
  const running = worker.run();
  const app = await createApiApp(testConfig(env.address, cascade.db.config, cascade.taskQueue));
  const tokens = app.get(TokensRepository);
  const cache = new Map<string, string>();

  const token = async (unitCode: string, role: ApiRole = 'clerk') => {
    const key = `${unitCode}/${role}`;
    if (!cache.has(key)) cache.set(key, (await tokens.create({ unitCode, role, name: `test ${key}` })).token);
    return cache.get(key)!;
  };
  const headers = async (as?: [string, ApiRole?]): Promise<Record<string, string>> => (as ? { Authorization: `Bearer ${await token(as[0], as[1])}` } : {});

  return {
    cascade,
    app,
    token,
    get: async (path, as) => request(app.getHttpServer()).get(path).set(await headers(as)),
    download: async (path, as) => request(app.getHttpServer()).get(path).set(await headers(as)).responseType('blob'),
    post: async (path, body, as) => request(app.getHttpServer()).post(path).set(await headers(as)).send(body as object),
    async close() {
      await app.close();
      worker.shutdown();
      await running;
      await cascade.close();
    },
  };
}
