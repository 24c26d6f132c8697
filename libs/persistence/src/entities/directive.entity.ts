import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DirectivePolicy, Recipient, Recurrence, ReportForm } from '@cascade/contracts';
import { EpochColumn, JsonColumn } from '../columns';

export const DIRECTIVE_STATUSES = ['ACTIVE', 'COMPLETED', 'WITHDRAWN'] as const;
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

/** 公文 as issued: a top-level directive or the forward (转发) of an assignment. */
@Entity({ name: 'directives' })
export class DirectiveEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'doc_number', type: 'varchar', length: 100 })
  docNumber!: string;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Index('idx_directives_issuer_unit')
  @Column({ name: 'issuer_unit', type: 'varchar', length: 32 })
  issuerUnit!: string;

  @EpochColumn('deadline')
  deadline!: number;

  @JsonColumn('policy')
  policy!: Required<DirectivePolicy>;

  @JsonColumn('obligations')
  obligations!: unknown[];

  @JsonColumn('recipients')
  recipients!: Recipient[];

  /** 填报表; null when the directive asks for no figures. */
  @JsonColumn('form', { nullable: true })
  form!: ReportForm | null;

  @Column({ name: 'forwards_directive_id', type: 'varchar', length: 64, nullable: true })
  forwardsDirectiveId!: string | null;

  @Column({ name: 'parent_assignment_id', type: 'varchar', length: 191, nullable: true })
  parentAssignmentId!: string | null;

  @Index('idx_directives_root')
  @Column({ name: 'root_directive_id', type: 'varchar', length: 64 })
  rootDirectiveId!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: DirectiveStatus;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @EpochColumn('issued_at')
  issuedAt!: number;

  /** 周期性公文: the rule of a recurring directive (the series); null otherwise. */
  @JsonColumn('recurrence', { nullable: true })
  recurrence!: Recurrence | null;

  /** One period's directive: the recurring directive it belongs to, and which period it serves. */
  @Index('idx_directives_series')
  @Column({ name: 'series_directive_id', type: 'varchar', length: 64, nullable: true })
  seriesDirectiveId!: string | null;

  @Column({ name: 'period_key', type: 'varchar', length: 16, nullable: true })
  periodKey!: string | null;

  @Column({ name: 'period_label', type: 'varchar', length: 32, nullable: true })
  periodLabel!: string | null;
}
