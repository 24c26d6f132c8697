import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, type Repository } from 'typeorm';
import { isDuplicateKeyError } from './database-errors';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';

/** How long a key's first answer is kept. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/**
 * A claim not renewed for this long belongs to a request whose API process died: the key may run
 * again. Short, so a client retrying through the balancer after an API instance is killed waits
 * seconds, not minutes; a request running longer renews its claim every {@link IDEMPOTENCY_CLAIM_RENEW_MS}.
 */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 15_000;
export const IDEMPOTENCY_CLAIM_RENEW_MS = 5_000;
const PURGE_EVERY_MS = 60_000;

export type IdempotencyClaim =
  | { outcome: 'claimed'; id: string }
  | { outcome: 'replay'; statusCode: number; body: unknown }
  | { outcome: 'mismatch' }
  | { outcome: 'in-progress' };

/** Hex SHA-256 of a text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Idempotency-Key records: claimed before a write runs, completed with its answer, forgotten after 24 h. */
@Injectable()
export class IdempotencyKeysRepository {
  private readonly keys: Repository<IdempotencyKeyEntity>;
  private lastPurge = 0;

  constructor(dataSource: DataSource) {
    this.keys = dataSource.getRepository(IdempotencyKeyEntity);
  }

  /**
   * Claims `key` for `caller` and a request hash: 'claimed' when the write may run (first time, or the
   * earlier record expired or was abandoned), 'replay' with the first answer, 'mismatch' when the key
   * was used for another request, 'in-progress' while the first one still runs.
   */
  async claim(caller: string, key: string, requestHash: string, now = Date.now()): Promise<IdempotencyClaim> {
    const id = sha256Hex(`${caller}\n${key}`);
    await this.purgeExpired(now);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.keys.insert({
          id,
          caller,
          key,
          requestHash,
          statusCode: null,
          responseBody: null,
          createdAt: now,
          leaseUntil: now + IDEMPOTENCY_CLAIM_LEASE_MS,
          expiresAt: now + IDEMPOTENCY_KEY_TTL_MS,
        });
        return { outcome: 'claimed', id };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const existing = await this.keys.findOneBy({ id });
      if (!existing) continue;
      const abandoned = existing.statusCode === null && existing.leaseUntil <= now;
      if (existing.expiresAt <= now || abandoned) {
        // Take the record over only if nobody else did in between (same created_at).
        const taken = await this.keys.update(
          { id, createdAt: existing.createdAt },
          {
            requestHash,
            statusCode: null,
            responseBody: null,
            createdAt: now,
            leaseUntil: now + IDEMPOTENCY_CLAIM_LEASE_MS,
            expiresAt: now + IDEMPOTENCY_KEY_TTL_MS,
          },
        );
        if ((taken.affected ?? 0) > 0) return { outcome: 'claimed', id };
        continue;
      }
      if (existing.requestHash !== requestHash) return { outcome: 'mismatch' };
      if (existing.statusCode === null) return { outcome: 'in-progress' };
      return {
        outcome: 'replay',
        statusCode: existing.statusCode,
        body: existing.responseBody === null ? null : (JSON.parse(existing.responseBody) as unknown),
      };
    }
    return { outcome: 'in-progress' };
  }

  /** Extends the lease of a claim still running (a no-op once it has its answer or was given up). */
  async renew(id: string, now = Date.now()): Promise<void> {
    await this.keys.update({ id, statusCode: IsNull() }, { leaseUntil: now + IDEMPOTENCY_CLAIM_LEASE_MS });
  }

  /** Records the first answer of a claimed key. */
  async complete(id: string, statusCode: number, body: unknown): Promise<void> {
    await this.keys.update(
      { id, statusCode: IsNull() },
      { statusCode, responseBody: body === undefined ? null : JSON.stringify(body) },
    );
  }

  /** Gives a claim up (the request failed in a way a retry should run again: an outage, a bug). */
  async release(id: string): Promise<void> {
    await this.keys.delete({ id, statusCode: IsNull() });
  }

  private async purgeExpired(now: number): Promise<void> {
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.keys.delete({ expiresAt: LessThan(now) });
  }
}
