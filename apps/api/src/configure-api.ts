import { HttpStatus, type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { serveDashboard } from './dashboard-support/web-assets';

/** Largest JSON body the API reads; larger ones are answered 413. */
export const BODY_LIMIT = '1mb';

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeouts of clients and
 * proxies in front (60 s is common). With Node's 5 s default, a client that reuses a connection as
 * the server closes it gets a reset ("fetch failed"): 528 of 2,000 benchmark requests under load.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Errors of the body parser (too large, malformed JSON) as JSON answers, before any route runs. */
function bodyParserErrors(error: { status?: number; type?: string; message?: string }, _request: Request, response: Response, next: NextFunction): void {
  if (typeof error?.status !== 'number' || error.status < 400 || error.status >= 500) return next(error);
  const message =
    error.type === 'entity.too.large' ? `请求体超过 ${BODY_LIMIT}` : error.type === 'entity.parse.failed' ? `请求体不是有效的 JSON：${error.message ?? ''}` : (error.message ?? '请求无效');
  response.status(error.status).json({ statusCode: error.status, message });
}

/** Global prefix, body limit, validation and OpenAPI document shared by every way the API is started. */
export function configureApi(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const server = express.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or Node may drop a connection that is about to send headers.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // Registered before Nest's defaults, which then see a parser of the same name and add none.
  express.useBodyParser('json', { limit: BODY_LIMIT });
  express.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  express.use(bodyParserErrors);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      errorHttpStatusCode: HttpStatus.BAD_REQUEST,
    }),
  );
  const document = createApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveDashboard(app);
}

/** The OpenAPI document of the API's routes (the app must have its 'api' prefix); clients' types are generated from it. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cascade API')
      .setDescription('公文流转与督办: directives, assignments, reports and escalations across the hierarchy. Every route but /api/health needs `Authorization: Bearer <token>` (`cascade tokens create`).')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
}
