import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** A server the project's scripts provision into .tools/bin (or `$envVar`), or null when there is none. */
export function provisionedExecutable(name: string, envVar: string): string | null {
  const candidates = [process.env[envVar], path.join(ROOT, '.tools/bin', name)];
  return candidates.find((candidate) => candidate && fs.existsSync(candidate)) ?? null;
}

/** Whether the suites needing it run: where it is provisioned, and always in CI (where its absence fails them). */
export function serverWanted(executable: string | null): boolean {
  return executable !== null || process.env.CI === 'true';
}

/** Polls `url` until it answers 2xx; fails early when the process exits, or after 60 s. */
export async function waitUntilAnswering(what: string, url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not answer at ${url} within 60 s`);
}

/** Kills the process at once, as an outage would, and waits until it is gone. */
export async function killProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}
