import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '@cascade/config';

/** How the SDK should obtain an engine binary: a provisioned file, or its own download as a fallback. */
export type EngineExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

/** Where a located engine came from, for logs and health output. */
export interface LocatedEngine {
  executable: EngineExecutable;
  source: string;
}

type Env = Record<string, string | undefined>;

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: Env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function fromEnv(env: Env, variable: string): LocatedEngine | null {
  const value = env[variable];
  if (!value) return null;
  if (!isExecutable(value)) throw new Error(`${variable}=${value} is not an executable file`);
  return { executable: { type: 'existing-path', path: value }, source: `$${variable}` };
}

function provisioned(name: string): LocatedEngine | null {
  const file = path.join(projectRoot(), '.tools', 'bin', name);
  return isExecutable(file)
    ? { executable: { type: 'existing-path', path: file }, source: '.tools/bin (scripts/provision-temporal.sh)' }
    : null;
}

const DOWNLOAD: LocatedEngine = {
  executable: { type: 'cached-download' },
  source: "the SDK's own download (needs internet)",
};

/**
 * The Temporal CLI dev server: $TEMPORAL_CLI_PATH, then the provisioned .tools/bin/temporal,
 * then `temporal` on PATH, then the SDK's download.
 */
export function locateDevServer(env: Env = process.env): LocatedEngine {
  const found = fromEnv(env, 'TEMPORAL_CLI_PATH') ?? provisioned('temporal');
  if (found) return found;
  const system = onPath('temporal', env);
  return system ? { executable: { type: 'existing-path', path: system }, source: 'PATH' } : DOWNLOAD;
}

/**
 * Temporal's time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, then the provisioned
 * wrapper around the Maven artifact, then the SDK's download.
 */
export function locateTestServer(env: Env = process.env): LocatedEngine {
  return fromEnv(env, 'TEMPORAL_TEST_SERVER_PATH') ?? provisioned('temporal-test-server') ?? DOWNLOAD;
}
