import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

export const API_ROLES = ['clerk', 'leader', 'supervisor', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** A bearer token of the API, bound to one unit and role; only its SHA-256 is stored. */
@Entity({ name: 'api_tokens' })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  name!: string | null;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ApiRole;

  /** Hex SHA-256 of the token. */
  @Index('uq_api_tokens_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @EpochColumn('created_at')
  createdAt!: number;

  @EpochColumn('expires_at', { nullable: true })
  expiresAt!: number | null;

  @EpochColumn('revoked_at', { nullable: true })
  revokedAt!: number | null;
}
