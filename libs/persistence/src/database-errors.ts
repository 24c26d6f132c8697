import { QueryFailedError } from 'typeorm';

const DUPLICATE_KEY_CODES = new Set(['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_CONSTRAINT_UNIQUE']);
const LOCK_CONFLICT_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);

function driverCode(error: unknown): string | null {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/** Whether an insert failed on a primary key or unique index, on MySQL/MariaDB or SQLite. */
export function isDuplicateKeyError(error: unknown): boolean {
  return DUPLICATE_KEY_CODES.has(driverCode(error) ?? '');
}

/** Whether a transaction lost a race with another one (deadlock, lock timeout, duplicate key) and may simply run again. */
export function isTransientConflict(error: unknown): boolean {
  const code = driverCode(error) ?? '';
  return LOCK_CONFLICT_CODES.has(code) || DUPLICATE_KEY_CODES.has(code);
}
