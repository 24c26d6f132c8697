import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { isDuplicateKeyError } from './database-errors';

const QUERY_EXCERPT_CHARS = 300;

/**
 * TypeORM's logger for Cascade: failed queries go to the Nest log as one line without their parameters
 * (they may carry personal data and password hashes). A duplicate key is not logged: every insert that can
 * meet one (idempotency keys, events, claims) expects it and decides what it means.
 */
export class QueryErrorLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQueryError(error: string | Error, query: string): void {
    if (isDuplicateKeyError(error)) return;
    const message = typeof error === 'string' ? error : error.message;
    const excerpt = query.length > QUERY_EXCERPT_CHARS ? `${query.slice(0, QUERY_EXCERPT_CHARS)}…` : query;
    this.logger.error(`query failed: ${message} — ${excerpt}`);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }

  logQuery(): void {}

  logQuerySlow(): void {}

  logSchemaBuild(): void {}
}
