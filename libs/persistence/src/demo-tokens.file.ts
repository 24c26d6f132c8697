import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiRole } from './entities/api-token.entity';

/**
 * The demo's sign-in shortcut: plaintext tokens of a few demo users, kept in
 * `CASCADE_DATA_DIR/demo-tokens.json` because the database stores only their hashes.
 * Demo data only: never put real users' tokens there.
 */
export const DEMO_TOKENS_FILE = 'demo-tokens.json';

export interface DemoToken {
  /** Who this is, for people: e.g. 省级督查（山西省民政厅）. */
  label: string;
  unitCode: string;
  unitName: string;
  role: ApiRole;
  token: string;
}

export function demoTokensPath(dataDir: string): string {
  return path.join(dataDir, DEMO_TOKENS_FILE);
}

/** The stored demo tokens, or null when there is no (readable) file. */
export function readDemoTokens(dataDir: string): DemoToken[] | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(demoTokensPath(dataDir), 'utf8'));
    if (!Array.isArray(parsed)) return null;
    return parsed.filter(
      (t): t is DemoToken =>
        typeof t === 'object' &&
        t !== null &&
        ['label', 'unitCode', 'unitName', 'role', 'token'].every(
          (k) => typeof (t as Record<string, unknown>)[k] === 'string',
        ),
    );
  } catch {
    return null;
  }
}

/** Written owner-only: the file holds live bearer tokens. */
export function writeDemoTokens(dataDir: string, tokens: DemoToken[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = demoTokensPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
