import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '@cascade/temporal';
import { killProcess, provisionedExecutable, serverWanted, waitUntilAnswering } from './server-process';

/** One address of a message as Mailpit's API reports it. */
export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** A message summary from Mailpit's list API. */
export interface MailpitMessageSummary {
  ID: string;
  MessageID: string;
  Subject: string;
  From: MailpitAddress;
  To: MailpitAddress[];
}

/** A whole message from Mailpit's message API. */
export interface MailpitMessage extends MailpitMessageSummary {
  Text: string;
  HTML: string;
}

/** A Mailpit process of a test's own: its own SMTP and HTTP ports and database, removed at the end. */
export interface MailpitServer {
  smtpPort: number;
  /** Base URL of its HTTP API and web UI. */
  httpUrl: string;
  /** Every message received, newest first. */
  messages(): Promise<MailpitMessageSummary[]>;
  /** One message with its text and HTML bodies. */
  message(id: string): Promise<MailpitMessage>;
  /** The raw source of a message (headers included). */
  raw(id: string): Promise<string>;
  /** Deletes every message. */
  clear(): Promise<void>;
  /** Kills the process (the database stays), as an outage would. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and database. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/** The provisioned Mailpit executable (scripts/provision-mailpit.sh), or null when there is none. */
export function mailpitExecutable(): string | null {
  return provisionedExecutable('mailpit', 'MAILPIT_PATH');
}

/** Whether the e-mail suites run: where Mailpit is provisioned, and always in CI. */
export function mailpitWanted(): boolean {
  return serverWanted(mailpitExecutable());
}

/** A certificate and key (PEM) for Mailpit's SMTP, and whether clients must use STARTTLS or TLS from the start. */
export interface MailpitTls {
  cert: string;
  key: string;
  require: 'starttls' | 'tls';
}

export async function startMailpit(options: { tls?: MailpitTls } = {}): Promise<MailpitServer> {
  const executable = mailpitExecutable();
  if (!executable)
    throw new Error('Mailpit is not provisioned: run scripts/provision-mailpit.sh (or set MAILPIT_PATH)');
  const smtpPort = await freePort();
  const httpPort = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-mailpit-'));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const tlsArgs: string[] = [];
  if (options.tls) {
    fs.writeFileSync(path.join(dataDir, 'smtp.crt'), options.tls.cert);
    fs.writeFileSync(path.join(dataDir, 'smtp.key'), options.tls.key, { mode: 0o600 });
    tlsArgs.push(
      '--smtp-tls-cert',
      path.join(dataDir, 'smtp.crt'),
      '--smtp-tls-key',
      path.join(dataDir, 'smtp.key'),
      options.tls.require === 'tls' ? '--smtp-require-tls' : '--smtp-require-starttls',
    );
  }
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const log = fs.openSync(path.join(dataDir, 'mailpit.log'), 'a');
    child = spawn(
      executable,
      [
        '--smtp',
        `127.0.0.1:${smtpPort}`,
        '--listen',
        `127.0.0.1:${httpPort}`,
        '--database',
        path.join(dataDir, 'mailpit.db'),
        // Any user and password are accepted, so the client's AUTH is exercised; without TLS, over plain SMTP too.
        '--smtp-auth-accept-any',
        // Keep every message: by default Mailpit prunes all but the newest 500, which a storm's count would miss.
        '--max',
        '0',
        ...(options.tls ? [] : ['--smtp-auth-allow-insecure']),
        '--disable-version-check',
        '--quiet',
        ...tlsArgs,
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    await waitUntilAnswering('Mailpit', `${httpUrl}/readyz`, child);
  };

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    await killProcess(running);
  };

  const api = async <T>(route: string): Promise<T> => {
    const response = await fetch(`${httpUrl}/api/v1/${route}`);
    if (!response.ok) throw new Error(`Mailpit ${route}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };

  await start();
  return {
    smtpPort,
    httpUrl,
    messages: async () => {
      const all: MailpitMessageSummary[] = [];
      for (;;) {
        const page = await api<{ total: number; messages: MailpitMessageSummary[] }>(
          `messages?start=${all.length}&limit=500`,
        );
        all.push(...page.messages);
        if (page.messages.length === 0 || all.length >= page.total) return all;
      }
    },
    message: (id) => api<MailpitMessage>(`message/${encodeURIComponent(id)}`),
    raw: async (id) => {
      const response = await fetch(`${httpUrl}/api/v1/message/${encodeURIComponent(id)}/raw`);
      if (!response.ok) throw new Error(`Mailpit raw ${id}: HTTP ${response.status}`);
      return response.text();
    },
    clear: async () => {
      const response = await fetch(`${httpUrl}/api/v1/messages`, { method: 'DELETE' });
      if (!response.ok) throw new Error(`Mailpit delete: HTTP ${response.status}`);
    },
    stop,
    start,
    dispose: async () => {
      await stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
