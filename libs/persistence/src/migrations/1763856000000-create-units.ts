import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

export class CreateUnits1763856000000 implements MigrationInterface {
  name = 'CreateUnits1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'units',
        columns: [
          { name: 'code', type: 'varchar', length: '32', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'parent_code', type: 'varchar', length: '32', isNullable: true },
          { name: 'level', type: 'varchar', length: '16' },
          { name: 'path', type: 'varchar', length: '255' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'units',
      new TableIndex({ name: 'idx_units_parent_code', columnNames: ['parent_code'] }),
    );
    await queryRunner.createIndex('units', new TableIndex({ name: 'idx_units_path', columnNames: ['path'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('units');
  }
}
