import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@cascade/config';
import { databaseOptions } from './database-options';

/** Opens the database and, unless told otherwise, brings its schema up to date. */
export async function openDatabase(database: DatabaseConfig, options: { migrate?: boolean } = {}): Promise<DataSource> {
  const dataSource = new DataSource(databaseOptions(database));
  await dataSource.initialize();
  if (options.migrate ?? true) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/** Fails fast when migrations are pending: processes that only serve never change the schema. */
export async function assertSchemaCurrent(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new Error('the database schema is behind the code: run `cascade db migrate` (npm start does it for you)');
  }
}

/** A short description for logs and health output, without credentials. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.type === 'sqlite') return `sqlite:${database.database}`;
  const url = new URL(database.url);
  return `mysql://${url.hostname}:${url.port || 3306}${url.pathname}`;
}

/** Resolves when the database answers a trivial query (health checks). */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
