import type { DataSource } from 'typeorm';

const turns = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` after every earlier work of the same SQLite database has settled. better-sqlite3 is one
 * connection per DataSource: a transaction and a concurrent write would otherwise share it. On MySQL
 * each runs on its own connection and the database's locks order them.
 */
export function inSqliteTurn<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'mysql') return work();
  const run = (turns.get(dataSource) ?? Promise.resolve()).then(work, work);
  turns.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}
