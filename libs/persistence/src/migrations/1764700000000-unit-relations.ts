import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class UnitRelations1764700000000 implements MigrationInterface {
  name = 'UnitRelations1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'unit_relations',
        columns: [
          { name: 'unit_code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'related_code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'unit_relations',
      new TableIndex({ name: 'idx_unit_relations_related', columnNames: ['related_code'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('unit_relations');
  }
}
