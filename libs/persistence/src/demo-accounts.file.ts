import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApiRole } from './entities/api-token.entity';

/**
 * The demo's people and their one password, kept in `CASCADE_DATA_DIR/demo-accounts.json` because
 * the database stores only password hashes. Demo data only: never real people.
 */
export const DEMO_ACCOUNTS_FILE = 'demo-accounts.json';

export interface DemoAccount {
  login: string;
  /** A role title, e.g. 临汾市民政局收文员: the demo has no real names. */
  name: string;
  unitCode: string;
  unitName: string;
  role: ApiRole;
}

export interface DemoAccounts {
  password: string;
  accounts: DemoAccount[];
}

export function demoAccountsPath(dataDir: string): string {
  return path.join(dataDir, DEMO_ACCOUNTS_FILE);
}

/** The stored demo accounts, or null when there is no (readable) file. */
export function readDemoAccounts(dataDir: string): DemoAccounts | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(demoAccountsPath(dataDir), 'utf8')) as Partial<DemoAccounts>;
    if (typeof parsed?.password !== 'string' || !Array.isArray(parsed.accounts)) return null;
    const accounts = parsed.accounts.filter(
      (a): a is DemoAccount =>
        typeof a === 'object' &&
        a !== null &&
        ['login', 'name', 'unitCode', 'unitName', 'role'].every(
          (k) => typeof (a as unknown as Record<string, unknown>)[k] === 'string',
        ),
    );
    return { password: parsed.password, accounts };
  } catch {
    return null;
  }
}

/** Written owner-only: the file holds a live password. */
export function writeDemoAccounts(dataDir: string, demo: DemoAccounts): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = demoAccountsPath(dataDir);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
}
