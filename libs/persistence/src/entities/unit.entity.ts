import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Level of an office in the hierarchy; `member` is a non-regional unit such as a 老龄委成员单位. */
export type UnitLevel = 'national' | 'province' | 'city' | 'county' | 'township' | 'member';

/** 单位: an office in the hierarchy, keyed by its GB/T 2260 code (or a custom code under its parent). */
@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('idx_units_parent_code')
  @Column({ name: 'parent_code', type: 'varchar', length: 32, nullable: true })
  parentCode!: string | null;

  @Column({ type: 'varchar', length: 16 })
  level!: UnitLevel;

  /** Ancestry from the root, e.g. `000000/140000/141000/141002/`, for subtree queries by prefix. */
  @Index('idx_units_path')
  @Column({ type: 'varchar', length: 255 })
  path!: string;
}
