import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers: a status and a body. */
export interface ReceiverAnswer {
  status: number;
  body: string;
}

/** A local HTTP server standing for a webhook endpoint, a robot or an SMS gateway: records what it receives. */
export interface HttpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:4321`. */
  url: string;
  received: ReceivedRequest[];
  /** Decides each answer; 200 `{"errcode":0,"errmsg":"ok"}` unless set. */
  answer: (request: ReceivedRequest) => ReceiverAnswer;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const receiver: HttpReceiver = {
    url: '',
    received: [],
    answer: () => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.received.push(received);
      const { status, body } = receiver.answer(received);
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
