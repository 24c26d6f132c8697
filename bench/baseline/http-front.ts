import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';

/**
 * The baseline's HTTP front for S3: plain node:http, no framework, no auth, no database —
 * each request is one Update on a baseline assignment workflow.
 */
export async function startBaselineHttp(client: Client): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const match = /^\/(ack|report)\/([^/]+)$/.exec(request.url ?? '');
    request.resume();
    if (request.method !== 'POST' || !match) {
      response.writeHead(404).end();
      return;
    }
    const handle = client.workflow.getHandle(decodeURIComponent(match[2]));
    const done =
      match[1] === 'ack'
        ? handle.executeUpdate<string, []>('baseAcknowledge', { args: [] })
        : handle.executeUpdate<string, [string]>('baseReport', { args: ['已报送'] });
    done.then(
      (status) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status })),
      (error: unknown) =>
        response.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(error) })),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
