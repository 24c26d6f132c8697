import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import openapiTS, { astToString } from 'openapi-typescript';
import type { CascadeConfig } from '@cascade/config';
import { ApiAppModule } from '../../../apps/api/src/api.module';
import { createApiDocument } from '../../../apps/api/src/configure-api';

/** Where the clients' types go (git-ignored: every build writes it anew). */
export const GENERATED_TYPES = path.resolve(__dirname, '../src/generated/api-schema.ts');

// Preview mode builds the module graph without creating providers, so no database or Temporal is needed.
const PREVIEW_CONFIG: CascadeConfig = {
  port: 0,
  dataDir: '/nonexistent-data-dir',
  database: { type: 'sqlite', database: ':memory:' },
  temporal: { address: null, namespace: 'default', taskQueue: 'openapi-document', uiPort: null },
};

/** Writes the TypeScript types of the API's OpenAPI document, as the running API would serve it at /api/docs-json. */
export async function generateApiTypes(target = GENERATED_TYPES): Promise<void> {
  const app = await NestFactory.create(ApiAppModule.forRoot(PREVIEW_CONFIG), { preview: true, logger: false });
  app.setGlobalPrefix('api');
  const document = createApiDocument(app);
  await app.close();
  const types = astToString(await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { emptyObjectsUnknown: true }));
  const header = '// Generated from the API\'s OpenAPI document by `npm run generate:api`; do not edit.\n\n';
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const next = header + types;
  // Unchanged types keep their timestamp, so watchers and incremental builds see nothing new.
  if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== next) fs.writeFileSync(target, next);
}

if (require.main === module) {
  generateApiTypes().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
