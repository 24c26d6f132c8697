import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AmendmentChanges, DirectiveRecord } from '@cascade/contracts';
import { EpochColumn, JsonColumn } from '../columns';

/** One version of a directive as it read then; version 1 is the issued text, amendments add more. */
@Entity({ name: 'directive_versions' })
export class DirectiveVersionEntity {
  @PrimaryColumn({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  /** The directive as it read in this version (the issued text with every amendment up to it applied). */
  @JsonColumn('snapshot')
  snapshot!: DirectiveRecord;

  /** What this version changed; null for version 1, the issued text. */
  @JsonColumn('changes', { nullable: true })
  changes!: AmendmentChanges | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @EpochColumn('created_at')
  createdAt!: number;
}
