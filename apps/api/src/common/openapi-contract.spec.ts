import type { OpenAPIObject, OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { previewApiDocument } from '../../../../libs/api-client/tools/preview-api-document';
import { declaredMethods } from './openapi-contract';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(document: OpenAPIObject): Array<[string, string, OperationObject]> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map(
      (method) => [path, method, item[method]!] as [string, string, OperationObject],
    ),
  );
}

const schema = (document: OpenAPIObject, name: string) => document.components!.schemas![name] as SchemaObject;
const property = (document: OpenAPIObject, name: string, key: string) =>
  schema(document, name).properties![key] as SchemaObject;

describe('the OpenAPI document states what the validators enforce', () => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await previewApiDocument();
  }, 60_000);

  it('gives the validators’ types, bounds and patterns', () => {
    const page = document.paths['/api/directives']!.get!.parameters!.find(
      (p) => (p as ParameterObject).name === 'page',
    ) as ParameterObject;
    expect(page.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 10_000 });
    expect(property(document, 'CreateDirectiveDto', 'recipients')).toMatchObject({
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      uniqueItems: true,
      items: { type: 'string', maxLength: 32, pattern: '^[0-9A-Za-z_-]{1,32}$' },
    });
    expect(property(document, 'CreateDirectiveDto', 'deadline')).toMatchObject({
      format: 'date-time',
      pattern: expect.stringMatching(/^\^\(19\|2\[01\]\)\[0-9\]\{2\}-/),
    });
    expect(property(document, 'CreateDirectiveDto', 'title')).toMatchObject({ minLength: 1, maxLength: 500 });
    expect(property(document, 'PolicyDto', 'ladder')).toMatchObject({
      maxItems: 3,
      items: { pattern: expect.any(String) },
    });
    const version = document.paths['/api/assignments/{id}/amendments/{version}/acknowledge']!.post!.parameters!.find(
      (p) => (p as ParameterObject).name === 'version',
    ) as ParameterObject;
    expect(version.schema).toMatchObject({ type: 'integer', minimum: 1 });
  });

  it('refuses unknown fields in every request body', () => {
    const bodies = operations(document).filter(([, , op]) => op.requestBody);
    expect(bodies.length).toBeGreaterThan(10);
    for (const name of [
      'CreateDirectiveDto',
      'PolicyDto',
      'ForwardDto',
      'ReportDto',
      'AttachmentDto',
      'CalendarYearDto',
    ])
      expect({ name, additionalProperties: schema(document, name).additionalProperties }).toEqual({
        name,
        additionalProperties: false,
      });
  });

  it('declares the bearer token and every error status with the error schema on each operation', () => {
    for (const [path, method, op] of operations(document)) {
      // The 消息中心 stream is opened with a single-use ticket instead: an EventSource sends no headers.
      const isPublic = [
        '/api/health',
        '/api/demo/tokens',
        '/api/demo/accounts',
        '/api/auth/sign-in',
        '/api/auth/sign-out',
        '/api/notifications/stream',
      ].includes(path);
      expect({ path, method, security: op.security }).toEqual({
        path,
        method,
        security: isPublic ? [] : [{ bearer: [] }],
      });
      const wanted = isPublic ? ['503'] : ['401', '403', '404', '429', '503'];
      if (method === 'post') wanted.push('400', '413', ...(isPublic ? [] : ['409', '422']));
      for (const status of wanted) {
        expect({ path, method, status, schema: (op.responses[status] as { content?: unknown })?.content }).toEqual({
          path,
          method,
          status,
          schema: { 'application/json': { schema: expect.objectContaining({ $ref: expect.any(String) }) } },
        });
      }
    }
  });

  it('knows the declared methods of each path, for 405 and Allow', () => {
    const routes = declaredMethods(document);
    const match = (path: string) => routes.find((r) => r.pattern.test(path))?.methods;
    expect(match('/api/directives')).toEqual(['GET', 'POST']);
    expect(match('/api/directives/abc/withdraw')).toEqual(['POST']);
    expect(match('/api/nowhere')).toBeUndefined();
  });
});
