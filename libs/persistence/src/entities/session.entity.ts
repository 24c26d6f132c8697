import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochColumn } from '../columns';

/** A signed-in browser: the cookie holds a random id, the table only its SHA-256. */
@Entity({ name: 'sessions' })
export class SessionEntity {
  /** Hex SHA-256 of the cookie's value. */
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash!: string;

  @Index('ix_sessions_person')
  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId!: string;

  @EpochColumn('created_at')
  createdAt!: number;

  /** Last request; past it by the idle limit, the session is over. */
  @EpochColumn('last_seen_at')
  lastSeenAt!: number;

  /** The absolute end, however active the session is. */
  @EpochColumn('expires_at')
  expiresAt!: number;

  @EpochColumn('ended_at', { nullable: true })
  endedAt!: number | null;
}
