import { create as contentDisposition } from 'content-disposition';
import type { Request, Response } from 'express';
import type { StoredFileEntity } from '@cascade/persistence';
import type { ByteRange, OpenedContent } from '@cascade/storage';

/** What a GET or HEAD of a file answers, once the caller may read it. */
export type DownloadPlan =
  { kind: 'not-modified' } | { kind: 'unsatisfiable' } | { kind: 'content'; range: ByteRange | null };

function etagOf(file: StoredFileEntity): string {
  return `"${file.sha256}"`;
}

/**
 * Sets the headers of a file download and decides what to send: 304 when the client's copy is
 * current (If-None-Match), 416 for a Range outside the file, 206 for one satisfiable range, else the
 * whole file. Several ranges, a malformed Range or a stale If-Range get the whole file (RFC 9110).
 */
export function planDownload(
  request: Request,
  response: Response,
  file: StoredFileEntity,
  inline: boolean,
): DownloadPlan {
  const etag = etagOf(file);
  response.setHeader('ETag', etag);
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('Cache-Control', 'private, no-cache');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Content-Type', file.mediaType);
  response.setHeader('Content-Disposition', contentDisposition(file.name, { type: inline ? 'inline' : 'attachment' }));
  if (request.fresh) return { kind: 'not-modified' };

  const ifRange = request.headers['if-range'];
  const ranges = ifRange === undefined || ifRange === etag ? request.range(file.size, { combine: true }) : undefined;
  if (ranges === -1) return { kind: 'unsatisfiable' };
  if (ranges === undefined || ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) {
    return { kind: 'content', range: null };
  }
  return { kind: 'content', range: { start: ranges[0].start, end: ranges[0].end } };
}

/** Sends a planned download; the content is streamed (never held whole) and only opened for a GET that needs it. */
export async function sendDownload(
  request: Request,
  response: Response,
  file: StoredFileEntity,
  plan: DownloadPlan,
  open: (range: ByteRange | null) => Promise<OpenedContent>,
): Promise<void> {
  if (plan.kind === 'not-modified') {
    response.removeHeader('Content-Type');
    response.removeHeader('Content-Disposition');
    response.status(304).end();
    return;
  }
  if (plan.kind === 'unsatisfiable') {
    response.removeHeader('Content-Disposition');
    response.setHeader('Content-Range', `bytes */${file.size}`);
    response.status(416).json({ statusCode: 416, message: `请求的字节范围超出文件大小（${file.size} 字节）` });
    return;
  }
  const { range } = plan;
  if (range) {
    response.status(206);
    response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    response.setHeader('Content-Length', String(range.end - range.start + 1));
  } else {
    response.status(200);
    response.setHeader('Content-Length', String(file.size));
  }
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const content = await open(range);
  response.flushHeaders();
  try {
    await content.sendTo(response);
    response.end();
  } catch {
    // The client went away or the store failed mid-way: the connection is cut, a short body shows it.
    response.destroy();
  }
}
