import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { type CascadeConfig, type DatabaseConfig, DEFAULT_STORAGE } from '@cascade/config';
import { openDatabase } from '@cascade/persistence';
import { ApiAppModule } from '../../apps/api/src/api.module';
import { configureApi } from '../../apps/api/src/configure-api';

/** The configuration a test process runs with: a given engine address and database. */
export function testConfig(
  temporalAddress: string,
  database: DatabaseConfig,
  taskQueue = 'cascade-test',
): CascadeConfig {
  return {
    port: 0,
    dataDir: '/nonexistent-data-dir',
    database,
    temporal: { address: temporalAddress, namespace: 'default', taskQueue, uiPort: null },
    // Content-addressed, so every test process may share one directory.
    storage: { ...DEFAULT_STORAGE, url: `file://${path.join(os.tmpdir(), 'cascade-test-files')}` },
  };
}

/** The API as it runs in production (prefix, OpenAPI, pipes), on a migrated database. */
export async function createApiApp(config: CascadeConfig): Promise<INestApplication> {
  const migrated = await openDatabase(config.database);
  await migrated.destroy();
  const moduleRef = await Test.createTestingModule({ imports: [ApiAppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureApi(app);
  await app.init();
  return app;
}
