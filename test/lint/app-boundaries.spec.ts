import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const eslint = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints `file` as if `extra` were appended to it; the file on disk is left alone. */
function lintWith(file: string, extra: string): { status: number | null; output: string } {
  const text = `${fs.readFileSync(path.join(root, file), 'utf8')}\n${extra}\n`;
  const result = spawnSync(process.execPath, [eslint, '--stdin', '--stdin-filename', file], {
    cwd: root,
    input: text,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Each run lints with type information (~10 s): one run for the refusals, one for what is allowed.
describe('no app imports another app (eslint.config.mjs)', () => {
  it('refuses imports of other apps, by relative path or from the root', () => {
    const { status, output } = lintWith(
      'apps/worker/src/main.ts',
      [
        "import { ApiModule } from '../../api/src/api.module';",
        "import { startCommand } from '../../../apps/cli/src/commands/start.command';",
        "import type { RunningSystem } from 'apps/cli/src/commands/start.command';",
        'void ApiModule;',
        'void startCommand;',
        'export type Probe = RunningSystem;',
      ].join('\n'),
    );
    expect(output.match(/apps\/worker must not import another app/g)).toHaveLength(3);
    expect(status).toBe(1);
  });

  it('lets an app import the libs and its own modules', () => {
    const { status, output } = lintWith(
      'apps/api/src/main.ts',
      "import { loadConfiguredCalendar } from '@cascade/calendar';\nimport { HealthModule } from './health/health.module';\nvoid loadConfiguredCalendar;\nvoid HealthModule;",
    );
    expect(output).toBe('');
    expect(status).toBe(0);
  });
});
