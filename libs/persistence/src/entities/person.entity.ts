import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';
import type { ApiRole } from './api-token.entity';

/** A person who signs in with 账号 and password; acts for one unit in one role, as a token does. */
@Entity({ name: 'people' })
export class PersonEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** 账号: what the person types to sign in. */
  @Index('uq_people_login', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  login!: string;

  /** 姓名 (in the demo, a role title). */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Index('ix_people_unit')
  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: ApiRole;

  @Column({ type: 'varchar', length: 32, nullable: true })
  mobile!: string | null;

  /** scrypt, parameters and salt included (libs/persistence password-hash.ts). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'boolean' })
  disabled!: boolean;

  /** Wrong passwords in a row since the last successful sign-in. */
  @Column({ name: 'failed_count', type: 'int', default: 0 })
  failedCount!: number;

  @EpochColumn('locked_until', { nullable: true })
  lockedUntil!: number | null;

  @EpochColumn('password_changed_at')
  passwordChangedAt!: number;

  @EpochColumn('created_at')
  createdAt!: number;
}
