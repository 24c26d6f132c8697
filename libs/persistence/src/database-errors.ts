import { QueryFailedError } from 'typeorm';

const DUPLICATE_KEY_CODES = new Set(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);

/** Whether an insert failed on a primary key or unique index, on MySQL/MariaDB or SQLite. */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DUPLICATE_KEY_CODES.has(code);
}
