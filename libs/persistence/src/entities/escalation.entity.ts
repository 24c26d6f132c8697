import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { EscalationRecord } from '@cascade/contracts';
import { EpochColumn } from '../columns';

/**
 * 督办记录: at most one per assignment, reason and level (the acknowledgement ladder and the deadline
 * ladder are apart); a repeated escalation re-opens its row.
 */
@Entity({ name: 'escalations' })
@Index('uq_escalations_assignment_reason_level', ['assignmentId', 'reason', 'level'], { unique: true })
@Index('idx_escalations_open', ['resolvedAt', 'level'])
export class EscalationEntity {
  /** `{assignmentId}#L{level}` for OVERDUE, `{assignmentId}#A{level}` for NOT_ACKNOWLEDGED. */
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id!: string;

  @Column({ name: 'assignment_id', type: 'varchar', length: 191 })
  assignmentId!: string;

  @Index('idx_escalations_directive')
  @Column({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ name: 'unit_name', type: 'varchar', length: 200 })
  unitName!: string;

  @Column({ type: 'int' })
  level!: EscalationRecord['level'];

  @Column({ type: 'varchar', length: 32 })
  reason!: EscalationRecord['reason'];

  /** Level 1: the issuing unit; level 2: the issuer's parent (null when unknown); level 3: null (通报). */
  @Column({ name: 'target_unit', type: 'varchar', length: 32, nullable: true })
  targetUnit!: string | null;

  @EpochColumn('fired_at')
  firedAt!: number;

  @EpochColumn('resolved_at', { nullable: true })
  resolvedAt!: number | null;

  /** Seq of the last event applied to this row, so a late-arriving older event changes nothing. */
  @Column({ name: 'last_seq', type: 'int' })
  lastSeq!: number;
}
