import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DirectiveRecord } from '@cascade/contracts';
import { EpochColumn, JsonColumn } from '../columns';

/** One version of a directive as it read then; version 1 is the issued text, amendments add more. */
@Entity({ name: 'directive_versions' })
export class DirectiveVersionEntity {
  @PrimaryColumn({ name: 'directive_id', type: 'varchar', length: 64 })
  directiveId!: string;

  @PrimaryColumn({ type: 'int' })
  version!: number;

  @JsonColumn('snapshot')
  snapshot!: DirectiveRecord;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @EpochColumn('created_at')
  createdAt!: number;
}
