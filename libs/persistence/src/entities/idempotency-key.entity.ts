import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

/**
 * The first outcome of a write request sent with an `Idempotency-Key` header, so a retry with the
 * same key (same caller) gets the same answer without running the write again. `statusCode` is
 * null while the first request is still running.
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  /** Hex SHA-256 of caller and key: keys of different callers never meet. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  /** The caller's token id. */
  @Column({ type: 'varchar', length: 64 })
  caller!: string;

  @Column({ name: 'idem_key', type: 'varchar', length: 255 })
  key!: string;

  /** Hex SHA-256 of method, path and canonical JSON body: another request under the same key is 422. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'status_code', type: 'int', nullable: true })
  statusCode!: number | null;

  /** JSON of the first answer's body (text on SQLite, longtext on MySQL). */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @EpochColumn('created_at')
  createdAt!: number;

  /**
   * While `statusCode` is null: until when the request that claimed the key is known to run. Its API
   * process renews it; past it, the process died and a retry may run the write again.
   */
  @EpochColumn('lease_until')
  leaseUntil!: number;

  @Index('ix_idempotency_keys_expires')
  @EpochColumn('expires_at')
  expiresAt!: number;
}
