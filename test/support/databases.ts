import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DatabaseConfig } from '@cascade/config';

export type DatabaseKind = 'sqlite' | 'mysql';

/** A database made for one test file and removed after it. */
export interface TestDatabase {
  kind: DatabaseKind;
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** SQLite always; MySQL too when TEST_MYSQL_URL is set (always in CI). */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_MYSQL_URL ? ['sqlite', 'mysql'] : ['sqlite'];
}

async function createMysqlDatabase(): Promise<TestDatabase> {
  const base = new URL(process.env.TEST_MYSQL_URL as string);
  // The provisioned user may create databases named <base>_<suffix> (scripts/provision-mysql.sh).
  const name = `${base.pathname.slice(1)}_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ uri: base.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    kind: 'mysql',
    config: { type: 'mysql', url: url.toString() },
    async drop() {
      const connection = await createConnection({ uri: base.toString() });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

function createSqliteDatabase(): TestDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-sqlite-'));
  return {
    kind: 'sqlite',
    config: { type: 'sqlite', database: path.join(dir, 'cascade.db') },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  return kind === 'mysql' ? createMysqlDatabase() : createSqliteDatabase();
}
