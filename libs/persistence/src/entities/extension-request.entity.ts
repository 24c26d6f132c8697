import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Actor, ExtensionRequestRecord } from '@cascade/contracts';
import { EpochColumn, JsonColumn } from '../columns';

export type ExtensionRequestStatus = ExtensionRequestRecord['status'];

/** 延期申请: a unit asks its issuer for a later report deadline; the issuer approves or rejects it. */
@Entity({ name: 'extension_requests' })
@Index('idx_extension_requests_issuer', ['issuerUnit', 'status'])
export class ExtensionRequestEntity {
  /** ExtensionRequestRecord.id, `{assignmentId}#X{n}`. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  id!: string;

  @Index('idx_extension_requests_assignment')
  @Column({ name: 'assignment_id', type: 'varchar', length: 191 })
  assignmentId!: string;

  @Column({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  /** The requesting unit. */
  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ name: 'unit_name', type: 'varchar', length: 200 })
  unitName!: string;

  /** The unit that decides: the issuer of the assignment's directive. */
  @Column({ name: 'issuer_unit', type: 'varchar', length: 32 })
  issuerUnit!: string;

  @EpochColumn('requested_deadline')
  requestedDeadline!: number;

  @Column({ type: 'text' })
  reason!: string;

  @EpochColumn('requested_at')
  requestedAt!: number;

  @JsonColumn('requested_by')
  requestedBy!: Actor;

  @Column({ type: 'varchar', length: 16 })
  status!: ExtensionRequestStatus;

  @EpochColumn('decided_at', { nullable: true })
  decidedAt!: number | null;

  @JsonColumn('decided_by', { nullable: true })
  decidedBy!: Actor | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;
}
