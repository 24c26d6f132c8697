// The API in a process of its own, so a bench measures its memory apart from the seeding and the client.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '@cascade/config';

/** Samples a process's resident set (Linux /proc) until stopped; returns the largest value in MB. */
export function rssSampler(pid: number): { stop(): number } {
  let peak = 0;
  const sample = () => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    peak = Math.max(peak, kb / 1024);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** The API as `npm start` runs it, in a process of its own (same loader as this script: sources or dist). */
export async function startApi(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const main = __filename.endsWith('.ts')
    ? path.join(projectRoot(), 'apps/api/src/main.ts')
    : path.join(projectRoot(), 'dist/apps/api/src/main.js');
  const child = spawn(process.execPath, [...process.execArgv, main], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API did not become healthy within 120 s');
}
