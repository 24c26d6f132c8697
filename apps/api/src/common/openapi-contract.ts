import {
  DECORATORS,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { getMetadataStorage, type MetadataStorage } from 'class-validator';
import { KEY_PATTERN, READ_ONLY_POSTS } from '../idempotency/idempotency.interceptor';

type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];
type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * The OpenAPI document states what the validators enforce, read from the validators themselves:
 * class-validator's metadata of every DTO becomes the types, bounds, patterns and enums of its
 * schema, so the two cannot drift apart.
 */

type Schema = SchemaObject & Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A JavaScript pattern as a JSON-Schema (ECMA-262) pattern every tool reads alike: `\d` is ASCII only. */
export function portablePattern(pattern: RegExp | string): string {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  return source.replace(/\\d/g, '[0-9]');
}

/** The schema keywords one class-validator constraint stands for; null when it states none. */
function keywordsOf(meta: ValidationMetadata): Schema | null {
  const [first, second] = (meta.constraints ?? []) as unknown[];
  switch (meta.name ?? meta.type) {
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isString':
      return { type: 'string' };
    case 'isObject':
      return { type: 'object' };
    case 'min':
      return { minimum: first as number };
    case 'max':
      return { maximum: first as number };
    case 'maxLength':
      return { maxLength: first as number };
    case 'minLength':
      return { minLength: first as number };
    case 'length':
      return { minLength: first as number, ...(second === undefined ? {} : { maxLength: second as number }) };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'isIn':
      return { enum: [...(first as unknown[])] };
    case 'isEnum':
      return { enum: Object.values(first as object) };
    case 'matches':
      return { pattern: portablePattern(first as RegExp | string) };
    case 'isIso8601':
      return { format: 'date-time' };
    case 'isDateString':
      return { format: 'date' };
    case 'isDurationSpec':
      return { pattern: portablePattern(first as RegExp) };
    default:
      return null;
  }
}

function arrayKeywordsOf(meta: ValidationMetadata): Schema | null {
  const [first] = (meta.constraints ?? []) as unknown[];
  switch (meta.name ?? meta.type) {
    case 'isArray':
      return { type: 'array' };
    case 'arrayNotEmpty':
      return { minItems: 1 };
    case 'arrayMinSize':
      return { minItems: first as number };
    case 'arrayMaxSize':
      return { maxItems: first as number };
    case 'arrayUnique':
      return { uniqueItems: true };
    default:
      return null;
  }
}

interface PropertyRules {
  /** Keywords of the value itself (of an array: its size and uniqueness). */
  own: Schema;
  /** Keywords of each item of an array. */
  items: Schema;
  optional: boolean;
}

/** The rules of every validated property, by class name: what the ValidationPipe enforces. */
export function validationRules(): Map<string, Map<string, PropertyRules>> {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<DtoClass, ValidationMetadata[]> };
  const byClass = new Map<string, Map<string, PropertyRules>>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target !== 'function' || !target.name) continue;
    // Inherited rules too: a DTO that extends another enforces both.
    const metas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
    const properties = new Map<string, PropertyRules>();
    for (const meta of metas) {
      const rules = properties.get(meta.propertyName) ?? { own: {}, items: {}, optional: false };
      properties.set(meta.propertyName, rules);
      if (meta.type === 'conditionalValidation') rules.optional = true;
      const array = arrayKeywordsOf(meta);
      if (array) Object.assign(rules.own, array);
      const keywords = keywordsOf(meta);
      if (keywords) Object.assign(meta.each ? rules.items : rules.own, keywords);
    }
    byClass.set(target.name, properties);
  }
  return byClass;
}

/**
 * Writes the validators' rules into the Swagger metadata of each DTO property before the document is
 * built, so request bodies and the query parameters built from query DTOs carry them alike.
 */
export function declareValidationRules(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<DtoClass, ValidationMetadata[]> };
  const rules = validationRules();
  for (const target of storage.validationMetadatas.keys()) {
    const properties = rules.get(target.name);
    if (!properties) continue;
    for (const [property, rule] of properties) {
      const prototype = target.prototype as object;
      const existing = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, property) as
        Record<string, unknown> | undefined;
      if (!existing) continue;
      const isArray = existing.isArray === true || rule.own.type === 'array';
      const merged: Record<string, unknown> = { ...existing };
      for (const [key, value] of Object.entries(rule.own)) {
        if (key === 'type') {
          if (isArray || rule.own.type === 'object') continue;
          merged.type = value === 'integer' ? 'integer' : value;
        } else {
          merged[key] = value;
        }
      }
      if (isArray) {
        // Item rules are applied to the document's schemas (Swagger would put them on the array).
        delete merged.pattern;
        delete merged.maxLength;
        delete merged.minLength;
        delete merged.format;
      }
      merged.required = !rule.optional;
      Reflect.defineMetadata(DECORATORS.API_MODEL_PROPERTIES, merged, prototype, property);
    }
  }
}

function isReference(value: unknown): value is ReferenceObject {
  return !!value && typeof value === 'object' && '$ref' in value;
}

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Names of the component schemas a schema reaches through $ref. */
function reachable(document: OpenAPIObject, start: unknown, seen = new Set<string>()): Set<string> {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    if (isReference(node)) {
      const name = refName(node.$ref);
      if (seen.has(name)) return;
      seen.add(name);
      visit(document.components?.schemas?.[name]);
      return;
    }
    Object.values(node).forEach(visit);
  };
  visit(start);
  return seen;
}

export const ERROR_SCHEMA = 'ErrorDto';

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Malformed request: bad JSON, or a field breaks a rule the document states (code VALIDATION_FAILED, fields)',
  '401': 'No live bearer token',
  '403': 'The caller may see the resource but not do this',
  '404': 'No such resource, or the caller may not see it',
  '409': 'The state does not allow it now (a workflow refusal: code says which)',
  '413': 'Request body over 1 MB',
  '422': 'A rule no schema can state: unknown units, deadlines, authority (code says which)',
  '429': 'Too many failed sign-ins, or urged too recently (Retry-After)',
  '431': 'Request line or headers over the HTTP server’s limit (16 KB)',
  '503': 'The database or the workflow engine is unavailable now (Retry-After when retryable)',
};

interface OperationFacts {
  secured: boolean;
  hasQuery: boolean;
  writes: boolean;
  hasInput: boolean;
  hasBody: boolean;
}

function errorStatuses(facts: OperationFacts): string[] {
  const statuses = ['503'];
  if (facts.hasInput || facts.writes) statuses.push('400');
  if (facts.secured) statuses.push('401', '403', '404', '429');
  if (facts.writes && facts.secured) statuses.push('409', '422');
  if (facts.hasBody || facts.writes) statuses.push('413');
  if (facts.hasQuery) statuses.push('431');
  return statuses;
}

/**
 * Completes the document built by Swagger into the contract the server keeps: item rules of arrays,
 * `additionalProperties: false` on every request schema (unknown fields are refused), the bearer
 * requirement on every operation but the public ones, and every error status each operation can
 * answer with the one error schema.
 */
/**
 * Operation extension naming a request schema per media type (`{ 'multipart/form-data': schema }`),
 * for a route that takes JSON and a file upload: Nest's ApiBody gives every media type one schema.
 */
export const MEDIA_TYPE_SCHEMAS = 'x-media-type-schemas';

export function completeContract(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? (document.components.schemas = {});
  const rules = validationRules();

  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (OperationObject & Record<string, unknown>) | undefined;
      const perMediaType = operation?.[MEDIA_TYPE_SCHEMAS] as Record<string, SchemaObject> | undefined;
      if (!operation || !perMediaType) continue;
      delete operation[MEDIA_TYPE_SCHEMAS];
      const body = operation.requestBody;
      if (!body || isReference(body)) continue;
      for (const [mediaType, schema] of Object.entries(perMediaType)) body.content[mediaType] = { schema };
    }
  }

  // Array items and unknown fields of the request schemas.
  const requestSchemas = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (operation?.requestBody) reachable(document, operation.requestBody, requestSchemas);
    }
  }
  for (const [name, schema] of Object.entries(schemas)) {
    if (isReference(schema)) continue;
    const properties = rules.get(name);
    if (properties) {
      for (const [property, rule] of properties) {
        const target = schema.properties?.[property];
        if (!target || isReference(target)) continue;
        if (target.type === 'array' && Object.keys(rule.items).length && target.items && !isReference(target.items)) {
          const items = target.items;
          for (const [key, value] of Object.entries(rule.items)) {
            if (key === 'type' && (value === 'object' || items.type === undefined)) continue;
            (items as Record<string, unknown>)[key] = value;
          }
        }
      }
    }
    if (requestSchemas.has(name) && (schema.type === 'object' || schema.properties)) {
      schema.type = 'object';
      schema.additionalProperties = false;
    }
  }

  const errorContent = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as (OperationObject & { 'x-public'?: boolean }) | undefined;
      if (!operation) continue;
      const secured = operation['x-public'] !== true;
      delete operation['x-public'];
      operation.security = secured ? [{ bearer: [] }] : [];
      // A public write has no caller to keep its answers under, so it takes no Idempotency-Key.
      if (method === 'post' && secured && !READ_ONLY_POSTS.has(path)) {
        operation.parameters = [
          ...(operation.parameters ?? []),
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: 'Makes a retry of this write act once: the first answer is replayed for 24 h',
            schema: { type: 'string', pattern: KEY_PATTERN.source },
          },
        ];
      }
      const parameters = (operation.parameters ?? []) as ParameterObject[];
      const facts: OperationFacts = {
        secured,
        hasQuery: parameters.some((parameter) => parameter.in === 'query'),
        writes: method !== 'get' && method !== 'head',
        hasInput: parameters.length > 0 || !!operation.requestBody,
        hasBody: !!operation.requestBody,
      };
      // A body whose fields are all optional may be left out (Nest then validates `{}`).
      const body = operation.requestBody;
      if (body && !isReference(body)) {
        const schema = body.content['application/json']?.schema;
        const resolved = isReference(schema) ? schemas[refName(schema.$ref)] : schema;
        if (resolved && !isReference(resolved) && !resolved.required?.length) body.required = false;
      }
      const responses = operation.responses;
      for (const status of errorStatuses(facts)) {
        const existing = responses[status] as ResponseObject | undefined;
        responses[status] = {
          description: existing?.description || ERROR_DESCRIPTIONS[status] || 'Error',
          content: existing?.content ?? errorContent,
        };
      }
      // Error answers declared by a controller get the error schema too.
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400 && response && !isReference(response) && !response.content)
          response.content = errorContent;
      }
    }
  }
  return document;
}

/** Templates of the document's paths (`/api/directives/{id}`) as matchers with the methods each declares. */
export function declaredMethods(document: OpenAPIObject): Array<{ pattern: RegExp; methods: string[] }> {
  return Object.entries(document.paths).map(([template, item]) => {
    const escaped = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    const methods = HTTP_METHODS.filter((method) => item[method]).map((method) => method.toUpperCase());
    return { pattern: new RegExp(`^${escaped}/?$`), methods };
  });
}
