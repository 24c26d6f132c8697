import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Actor, CascadeEventType } from '@cascade/contracts';
import { EpochColumn, JsonColumn } from '../columns';

/** 留痕: one row per CascadeEvent, append-only; the primary key makes projection idempotent. */
@Entity({ name: 'events' })
@Index('idx_events_directive', ['directiveId', 'occurredAt'])
export class EventEntity {
  /** `{workflowId}#{seq}`. */
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id!: string;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'varchar', length: 40 })
  type!: CascadeEventType;

  @Column({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  @Index('idx_events_assignment')
  @Column({ name: 'assignment_id', type: 'varchar', length: 191, nullable: true })
  assignmentId!: string | null;

  @JsonColumn('actor', { nullable: true })
  actor!: Actor | null;

  /** The event's type-specific fields (snapshot, report, escalation…). */
  @JsonColumn('payload')
  payload!: Record<string, unknown>;

  @EpochColumn('occurred_at')
  occurredAt!: number;

  @Index('idx_events_recorded')
  @EpochColumn('recorded_at')
  recordedAt!: number;
}
