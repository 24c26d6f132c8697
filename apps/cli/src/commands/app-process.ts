import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { stripVTControlCharacters } from 'node:util';
import { projectRoot } from '@cascade/config';

/** Nest's boot chatter (modules, routes) would bury the URLs; warnings, errors and our own logs stay. */
const BOOT_CHATTER = /\bLOG \[(NestFactory|InstanceLoader|RoutesResolver|RouterExplorer|NestApplication)\]/;
/** How long a stopping app may take before it is killed. */
const STOP_GRACE_MS = 15_000;

/** A compiled app of this repository (api, worker) running as a child process. */
export class AppProcess {
  private readonly child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  readonly exited: Promise<number | null>;

  /**
   * Starts `dist/apps/<app>/src/main.js` with the @cascade/* aliases mapped onto dist/ (as
   * bin/cascade runs the CLI), the environment plus `env`, and its output prefixed by `label`.
   */
  constructor(
    readonly app: 'api' | 'worker',
    env: Record<string, string>,
    log: (line: string) => void,
    readonly label: string = app,
  ) {
    const root = projectRoot();
    const entry = path.join(root, 'dist', 'apps', app, 'src', 'main.js');
    this.child = spawn(process.execPath, ['-r', path.join(root, 'bin', 'register-dist-paths.js'), entry], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => {
        // Nest colours its output; the chatter is recognised without the colours.
        if (!BOOT_CHATTER.test(stripVTControlCharacters(line))) log(`[${label}] ${line}`);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.once('error', (error) => {
        log(`[${label}] could not start: ${error.message}`);
        resolve(1);
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Asks the app to shut down (its Nest shutdown hooks run) and kills it if it takes too long. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
