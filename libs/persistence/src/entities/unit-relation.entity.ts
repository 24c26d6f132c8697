import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A declared relation that lets `unitCode` issue directives to `relatedCode` although it is not a
 * subordinate, e.g. 省老龄办 to the 省老龄委成员单位 it addresses in the committee's name. `kind` names the
 * relation as the units import gave it; it is data, the rules never branch on it.
 */
@Entity({ name: 'unit_relations' })
@Index('idx_unit_relations_related', ['relatedCode'])
export class UnitRelationEntity {
  @PrimaryColumn({ name: 'unit_code', type: 'varchar', length: 32 })
  unitCode!: string;

  @PrimaryColumn({ name: 'related_code', type: 'varchar', length: 32 })
  relatedCode!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;
}
