import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { createApiApp, testConfig } from '../support/api-app';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

describe.each(databaseKinds())('GET /api/health with %s', (kind) => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    db = await createTestDatabase(kind);
    app = await createApiApp(testConfig(env.address, db.config));
  });

  afterAll(async () => {
    await app?.close();
    await env?.teardown();
    await db?.drop();
  });

  it('answers 200 with the engine and the database up', async () => {
    const response = await request(app.getHttpServer()).get('/api/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      engine: { status: 'up', address: env.address, namespace: 'default' },
      database: { status: 'up', type: kind },
      storage: { status: 'up', kind: 'local' },
    });
  });

  it('is described in the OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toContain('/api/health');
  });

  it('answers 503 naming the database when it is gone', async () => {
    await app.get(DataSource).destroy();
    const response = await request(app.getHttpServer()).get('/api/health').expect(503);
    expect(response.body.status).toBe('degraded');
    expect(response.body.engine.status).toBe('up');
    expect(response.body.database).toMatchObject({ status: 'down', type: kind });
    expect(typeof response.body.database.error).toBe('string');
  });
});
