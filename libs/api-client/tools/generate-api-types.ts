import * as fs from 'node:fs';
import * as path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { previewApiDocument } from './preview-api-document';

/** Where the clients' types go (git-ignored: every build writes it anew). */
export const GENERATED_TYPES = path.resolve(__dirname, '../src/generated/api-schema.ts');

/** Writes the TypeScript types of the API's OpenAPI document. */
export async function generateApiTypes(target = GENERATED_TYPES): Promise<void> {
  const document = await previewApiDocument();
  const types = astToString(
    await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], { emptyObjectsUnknown: true }),
  );
  const header = "// Generated from the API's OpenAPI document by `npm run generate:api`; do not edit.\n\n";
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
