import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ApiRole } from '@cascade/persistence';
import { FailedAuthLimiter } from '../../apps/api/src/auth/failed-auth-limiter';
import { useApiHarness } from '../support/api-harness';

/**
 * The OpenAPI document is the contract: Schemathesis generates requests from it for every operation it
 * declares (valid and invalid ones, undeclared methods, missing credentials) against the running API, and
 * checks every answer with `--checks all`: no 5xx, only declared status codes, bodies and headers as
 * declared, schema-valid requests never refused as malformed, schema-invalid ones always refused.
 * It runs once per role, each with a real token, and a fixed seed so a failure reproduces.
 */
const ROOT = path.resolve(__dirname, '../..');
const SEED = Number(process.env.CASCADE_SCHEMATHESIS_SEED ?? 20261202);
// Examples per operation and role: enough for every operation within a few minutes on 2 cores;
// docs/reliability.md gives the deeper run's command and figures.
const EXAMPLES = Number(process.env.CASCADE_SCHEMATHESIS_EXAMPLES ?? 20);
const PHASES = process.env.CASCADE_SCHEMATHESIS_PHASES ?? 'examples,coverage,fuzzing';
// The admin reaches every operation's logic; the other roles mostly meet the access rules, so fewer
// examples cover them.
const ROLES: [string, ApiRole, number][] = [
  ['140000', 'admin', EXAMPLES],
  ['141000', 'clerk', Math.ceil(EXAMPLES / 2)],
  ['141000', 'leader', Math.ceil(EXAMPLES / 2)],
  ['140000', 'supervisor', Math.ceil(EXAMPLES / 2)],
];

function provisionSchemathesis(): string {
  const out = execFileSync('bash', [path.join(ROOT, 'scripts/provision-schemathesis.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop()!;
}

interface Run {
  code: number;
  output: string;
}

function schemathesis(bin: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/** The run's closing summary: from the failures section (if any) to the end. */
function summaryOf(output: string): string {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => /^=+ (ERRORS|FAILURES|SUMMARY) =+/.test(line));
  return lines.slice(start < 0 ? -40 : start).join('\n');
}

/** "65/65 operations, 3858 cases: 3858 passed, 42 skipped": the counts of a run, without its banner. */
function countsOf(output: string): string {
  const operations = /Tested:\s*(\d+)/.exec(output)?.[1];
  const selected = /Selected:\s*(\d+\/\d+)/.exec(output)?.[1];
  const cases = /Test cases:\s*\n\s*([^\n]+)/.exec(output)?.[1]?.trim();
  return `${operations ?? '?'} operations tested of ${selected ?? '?'} selected; cases ${cases ?? 'not reported'}`;
}

describe('the OpenAPI document as the contract, checked by Schemathesis', () => {
  const running = useApiHarness('sqlite');
  let bin: string;
  let reports: string;

  beforeAll(() => {
    bin = provisionSchemathesis();
    reports = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-schemathesis-'));
  });
  afterAll(() => fs.rmSync(reports, { recursive: true, force: true }));

  it.each(ROLES)(
    'finds no failure in any operation as %s %s',
    async (unit, role, examples) => {
      const { harness } = running;
      // Schemathesis probes each operation with a wrong token; the previous role's probes must not
      // leave this one rate-limited (429) before it starts.
      harness.app.get(FailedAuthLimiter).reset();
      const token = await harness.token(unit, role);
      const run = await schemathesis(
        bin,
        [
          '--config-file',
          path.join(__dirname, 'schemathesis.toml'),
          'run',
          `${harness.baseUrl}/api/docs-json`,
          '--checks',
          'all',
          '--seed',
          String(SEED),
          '--max-examples',
          String(examples),
          '--phases',
          PHASES,
          '--workers',
          '2',
          '--generation-database',
          'none',
          '--header',
          `Authorization: Bearer ${token}`,
          // As the dashboard sends it: without it sign-in and sign-out answer 403 before their rules run.
          '--header',
          'X-Requested-With: cascade',
          '--report',
          'junit',
          '--report-dir',
          path.join(reports, `${unit}-${role}`),
        ],
        reports,
      );
      if (process.env.CASCADE_SCHEMATHESIS_OUTPUT)
        fs.appendFileSync(process.env.CASCADE_SCHEMATHESIS_OUTPUT, run.output);
      // One line per role: Schemathesis's own banner reads like a pytest summary, which log readers
      // would take for the run's test report. The whole summary is in the failure message below.
      console.log(`Schemathesis as ${unit} ${role} (seed ${SEED}, ${examples} examples): ${countsOf(run.output)}`);
      expect(run.output).toMatch(/operations? .*tested|Tested|API Operations/i);
      expect({ exitCode: run.code, failures: run.code === 0 ? '' : summaryOf(run.output) }).toEqual({
        exitCode: 0,
        failures: '',
      });
    },
    600_000,
  );
});
