import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { toErrorBody } from '../common/api-error';

/** The project root: the nearest directory above this file with package.json (works from src and dist). */
function projectRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'apps'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/** Where `npm run build` puts the dashboard (CASCADE_WEB_DIR overrides it). */
export function webRoot(): string {
  return process.env.CASCADE_WEB_DIR ?? path.join(projectRoot(), 'dist', 'web');
}

const isApiPath = (request: Request) => request.path === '/api' || request.path.startsWith('/api/');

/**
 * Serves the built dashboard at `/` and answers every other GET outside /api with its index.html
 * (client-side routes), other methods there with a JSON 404. Without a build the API runs alone and
 * `/` says how to build the dashboard.
 */
export function serveDashboard(app: INestApplication, root = webRoot()): void {
  const express = app as NestExpressApplication;
  const index = path.join(root, 'index.html');
  express.useStaticAssets(root, {
    index: false,
    maxAge: '1h',
    setHeaders: (res, file) => {
      if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
    },
  });
  express.use((request: Request, response: Response, next: NextFunction) => {
    if (isApiPath(request)) return next();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.status(404).json(toErrorBody(404, { message: `没有这个地址：${request.method} ${request.path}` }));
      return;
    }
    if (!fs.existsSync(index)) {
      response
        .status(404)
        .type('text/plain; charset=utf-8')
        .send('Dashboard not built: run `npm run build` (builds dist/web).');
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
