import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AssignmentStatus } from '@cascade/contracts';
import { EpochColumn } from '../columns';

/** 承办任务: one directive × one receiving unit, as of the newest snapshot its workflow emitted. */
@Entity({ name: 'assignments' })
@Index('idx_assignments_inbox', ['unitCode', 'status'])
@Index('idx_assignments_overdue', ['overdue', 'deadline'])
export class AssignmentEntity {
  /** The assignment workflow id, `assignment:{directiveId}:{unitCode}`. */
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id!: string;

  @Index('idx_assignments_directive')
  @Column({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  @Index('idx_assignments_root')
  @Column({ name: 'root_directive_id', type: 'varchar', length: 64 })
  rootDirectiveId!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ name: 'unit_name', type: 'varchar', length: 200 })
  unitName!: string;

  /** Copied from units.path when the unit is known, else `{unitCode}/`: subtree queries by prefix. */
  @Index('idx_assignments_unit_path')
  @Column({ name: 'unit_path', type: 'varchar', length: 255 })
  unitPath!: string;

  @Column({ name: 'issuer_unit', type: 'varchar', length: 32 })
  issuerUnit!: string;

  @Index('idx_assignments_parent')
  @Column({ name: 'parent_assignment_id', type: 'varchar', length: 191, nullable: true })
  parentAssignmentId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: AssignmentStatus;

  @EpochColumn('delivered_at')
  deliveredAt!: number;

  @EpochColumn('deadline')
  deadline!: number;

  @EpochColumn('ack_due_at')
  ackDueAt!: number;

  @EpochColumn('acknowledged_at', { nullable: true })
  acknowledgedAt!: number | null;

  @EpochColumn('reported_at', { nullable: true })
  reportedAt!: number | null;

  @EpochColumn('accepted_at', { nullable: true })
  acceptedAt!: number | null;

  @Column({ type: 'boolean', default: false })
  overdue!: boolean;

  @Column({ type: 'boolean', default: false })
  late!: boolean;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'forwarded_directive_id', type: 'varchar', length: 64, nullable: true })
  forwardedDirectiveId!: string | null;

  /** 催办 so far: the count of the newest URGED event projected. */
  @Column({ name: 'urge_count', type: 'int', default: 0 })
  urgeCount!: number;

  @EpochColumn('last_urged_at', { nullable: true })
  lastUrgedAt!: number | null;

  /** Seq of the event whose snapshot this row holds; older snapshots are ignored. */
  @Column({ name: 'last_seq', type: 'int' })
  lastSeq!: number;

  @EpochColumn('updated_at')
  updatedAt!: number;
}
