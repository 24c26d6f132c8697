import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ChildrenSummary, FormValues, ReportRecord } from '@cascade/contracts';
import { EpochColumn, JsonColumn } from '../columns';

export const REPORT_STATUSES = ['SUBMITTED', 'ACCEPTED', 'RETURNED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** 报送材料: one version of a unit's report on an assignment. */
@Entity({ name: 'reports' })
export class ReportEntity {
  /** ReportRecord.id. */
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id!: string;

  @Index('idx_reports_assignment')
  @Column({ name: 'assignment_id', type: 'varchar', length: 191 })
  assignmentId!: string;

  @Index('idx_reports_directive')
  @Column({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  @Column({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'text' })
  content!: string;

  @Column({ name: 'zero_report', type: 'boolean' })
  zeroReport!: boolean;

  @JsonColumn('attachments')
  attachments!: ReportRecord['attachments'];

  @JsonColumn('rollup', { nullable: true })
  rollup!: ChildrenSummary | null;

  /** The filled 填报表; null when the directive has no form. */
  @JsonColumn('form_values', { nullable: true })
  values!: FormValues | null;

  /** The subtree totals the unit reported, when it reported any. */
  @JsonColumn('reported_totals', { nullable: true })
  totals!: FormValues | null;

  /** 说明 of subtree totals that differ from the subordinates' reports. */
  @Column({ type: 'text', nullable: true })
  explanation!: string | null;

  @EpochColumn('submitted_at')
  submittedAt!: number;

  @Column({ type: 'boolean' })
  late!: boolean;

  @Column({ type: 'varchar', length: 16 })
  status!: ReportStatus;

  /** Why the issuer sent this version back (退回修改); null unless RETURNED. */
  @Column({ name: 'return_reason', type: 'text', nullable: true })
  returnReason!: string | null;
}
