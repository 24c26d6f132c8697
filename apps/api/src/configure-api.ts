import { type INestApplication, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorDto, FieldErrorDto, toErrorBody } from './common/api-error';
import { completeContract, declareValidationRules, declaredMethods } from './common/openapi-contract';
import { validationException } from './common/validation-errors';
import { serveDashboard } from './web-assets/web-assets';

/** Largest JSON body the API reads; larger ones are answered 413. */
export const BODY_LIMIT = '1mb';

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeouts of clients and
 * proxies in front (60 s is common). With Node's 5 s default, a client that reuses a connection as
 * the server closes it gets a reset ("fetch failed"): 528 of 2,000 benchmark requests under load.
 */
export const KEEP_ALIVE_MS = 65_000;

/** Errors of the body parser (too large, malformed JSON) as JSON answers, before any route runs. */
function bodyParserErrors(
  error: { status?: number; type?: string; message?: string },
  _request: Request,
  response: Response,
  next: NextFunction,
): void {
  if (typeof error?.status !== 'number' || error.status < 400 || error.status >= 500) return next(error);
  const answer =
    error.type === 'entity.too.large'
      ? { code: 'PAYLOAD_TOO_LARGE', message: `请求体超过 ${BODY_LIMIT}` }
      : error.type === 'entity.parse.failed'
        ? { code: 'MALFORMED_JSON', message: '请求体不是有效的 JSON' }
        : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
          ? { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持请求体的字符集或编码' }
          : { message: error.message };
  response.status(error.status).json(toErrorBody(error.status, answer));
}

/**
 * A known path asked with a method it does not declare is 405 with `Allow` (not 404), and OPTIONS
 * lists the declared methods; the routes are read from the OpenAPI document.
 */
function methodNotAllowed(document: OpenAPIObject) {
  const routes = declaredMethods(document);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!request.path.startsWith('/api/')) return next();
    const route = routes.find((candidate) => candidate.pattern.test(request.path));
    if (!route) return next();
    const allowed = new Set(route.methods);
    if (allowed.has('GET')) allowed.add('HEAD');
    if (allowed.has(request.method)) return next();
    const allow = [...allowed, 'OPTIONS'].join(', ');
    response.setHeader('Allow', allow);
    if (request.method === 'OPTIONS') {
      response.status(204).end();
      return;
    }
    response
      .status(405)
      .json(toErrorBody(405, { message: `${request.path} 不支持 ${request.method} 方法，可用：${allow}` }));
  };
}

/**
 * Requests Node's HTTP parser rejects before Express (a 70,000-character path or header, broken framing)
 * get a JSON 4xx and the connection is ended, not destroyed: destroying it with the rest of the request
 * unread resets the connection on Node 24, and the client then sees ECONNRESET instead of the answer.
 */
function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || inFlight?.headersSent || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, reason, message] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', '请求地址或请求头过长']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout', '请求超时']
          : [400, 'Bad Request', '请求格式无效'];
    const body = JSON.stringify(toErrorBody(status, { message }));
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // A client that never closes its side does not keep the socket.
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
}

/** Global prefix, body limit, validation and OpenAPI document shared by every way the API is started. */
export function configureApi(app: INestApplication): void {
  const express = app as NestExpressApplication;
  const server = express.getHttpServer() as Server;
  answerClientErrors(server);
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
      // The messages read each rule's bounds from the metadata of the error's class, and tell a missing field by its value.
      validationError: { target: true, value: true },
      exceptionFactory: validationException,
    }),
  );
  const document = createApiDocument(app);
  // Registered before Nest's routes (added at init), so an undeclared method never reaches them.
  express.use(methodNotAllowed(document));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveDashboard(app);
}

/** The OpenAPI document of the API's routes (the app must have its 'api' prefix); clients' types are generated from it. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  declareValidationRules();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cascade API')
      .setDescription(
        '公文流转与督办: directives, assignments, reports and escalations across the hierarchy. Every route but /api/health needs `Authorization: Bearer <token>` (`cascade tokens create`).',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorDto, FieldErrorDto] },
  );
  return completeContract(document);
}
