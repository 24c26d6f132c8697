import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { CascadeConfig } from '@cascade/config';
import { ApiAppModule } from '../../../apps/api/src/api.module';
import { createApiDocument } from '../../../apps/api/src/configure-api';

// Preview mode builds the module graph without creating providers, so no database or Temporal is needed.
const PREVIEW_CONFIG: CascadeConfig = {
  port: 0,
  dataDir: '/nonexistent-data-dir',
  database: { type: 'sqlite', database: ':memory:' },
  temporal: { address: null, namespace: 'default', taskQueue: 'openapi-document', uiPort: null },
};

/** The API's OpenAPI document, as the running API serves it at /api/docs-json. */
export async function previewApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiAppModule.forRoot(PREVIEW_CONFIG), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const document = createApiDocument(app);
  await app.close();
  return document;
}
