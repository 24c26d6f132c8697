import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { type CascadeApi, createCascadeApi } from '@cascade/api-client';
import type { CascadeConfig } from '@cascade/config';
import { type ApiRole, TokensRepository } from '@cascade/persistence';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { createApiApp, testConfig } from './api-app';
import { type CascadeHarness, createCascadeHarness } from './cascade-harness';
import type { DatabaseKind } from './databases';
import { answeredState, projected } from './projection-wait';

/**
 * The API over HTTP on top of the cascade harness: the real workflows on the time-skipping
 * test server, a running worker with the real activities, the shanxi-demo units, and tokens.
 */
export interface ApiHarness {
  cascade: CascadeHarness;
  app: INestApplication;
  /** Origin of the app, listening on a free local port. */
  baseUrl: string;
  /** A bearer token for a unit and role (cached per pair). */
  token(unitCode: string, role?: ApiRole): Promise<string>;
  /**
   * The typed API client of the dashboard, CLI and benchmarks, over real HTTP as the unit and role;
   * an operation's answer arrives once the read model shows it, as `post`'s does.
   */
  client(unitCode: string, role?: ApiRole): CascadeApi;
  /**
   * Raw requests with supertest, with `Authorization: Bearer` for the unit and role when given:
   * for exact status codes and for bodies the typed client would not let a test send.
   */
  get(path: string, as?: [string, ApiRole?]): Promise<request.Response>;
  post(path: string, body: unknown, as?: [string, ApiRole?]): Promise<request.Response>;
  /** GET of a binary file: the body is a Buffer. */
  download(path: string, as?: [string, ApiRole?]): Promise<request.Response>;
  close(): Promise<void>;
}

/** `configure` adjusts the API's configuration (e.g. its file store and limits). */
export async function createApiHarness(
  env: TestWorkflowEnvironment,
  kind: DatabaseKind,
  configure: (config: CascadeConfig) => CascadeConfig = (config) => config,
): Promise<ApiHarness> {
  const cascade = await createCascadeHarness(env, kind);
  const worker: Worker = await cascade.createWorker();
  const running = worker.run();
  const app = await createApiApp(configure(testConfig(env.address, cascade.db.config, cascade.taskQueue)));
  await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const tokens = app.get(TokensRepository);
  const cache = new Map<string, string>();

  const token = async (unitCode: string, role: ApiRole = 'clerk') => {
    const key = `${unitCode}/${role}`;
    if (!cache.has(key)) cache.set(key, (await tokens.create({ unitCode, role, name: `test ${key}` })).token);
    return cache.get(key)!;
  };
  /** An answered operation is projected after its answer: reads that follow it wait for the read model. */
  const settled = async (body: unknown) => {
    const state = answeredState(body);
    if (state) await projected(env.client, state);
  };
  const headers = async (as?: [string, ApiRole?]): Promise<Record<string, string>> =>
    as ? { Authorization: `Bearer ${await token(as[0], as[1])}` } : {};

  return {
    cascade,
    app,
    baseUrl,
    token,
    client: (unitCode, role) => {
      const api = createCascadeApi({ baseUrl, token: () => token(unitCode, role) });
      api.use({
        async onResponse({ response }) {
          if (!response.ok || !response.headers.get('content-type')?.includes('json')) return undefined;
          await settled(await response.clone().json());
          return undefined;
        },
      });
      return api;
    },
    get: async (path, as) =>
      request(app.getHttpServer())
        .get(path)
        .set(await headers(as)),
    download: async (path, as) =>
      request(app.getHttpServer())
        .get(path)
        .set(await headers(as))
        .responseType('blob'),
    post: async (path, body, as) => {
      const response = await request(app.getHttpServer())
        .post(path)
        .set(await headers(as))
        .send(body as object);
      if (response.ok) await settled(response.body);
      return response;
    },
    async close() {
      await app.close();
      worker.shutdown();
      await running;
      await cascade.close();
    },
  };
}

/** What {@link useApiHarness} sets up for a spec; filled in by its beforeAll. */
export interface RunningApi {
  env: TestWorkflowEnvironment;
  harness: ApiHarness;
}

/** Jest lifecycle of an HTTP spec: Temporal's time-skipping test server and the API harness on `kind`, torn down after the spec. */
export function useApiHarness(kind: DatabaseKind): RunningApi {
  const running = {} as RunningApi;
  beforeAll(async () => {
    running.env = await createTimeSkippingEnvironment();
    running.harness = await createApiHarness(running.env, kind);
  });
  afterAll(async () => {
    await running.harness?.close();
    await running.env?.teardown();
  });
  return running;
}
