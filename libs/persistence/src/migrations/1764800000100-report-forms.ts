import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 填报表 on directives; on reports its filled values, the subtree totals a unit reported and the 说明
 * of totals that differ from its subordinates' reports.
 */
export class ReportForms1764800000100 implements MigrationInterface {
  name = 'ReportForms1764800000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A table row per 服务队 makes values grow past MySQL's 64 KB text.
    const longText = queryRunner.connection.options.type === 'mysql' ? 'longtext' : 'text';
    // Plain ALTER TABLE: TypeORM's SQLite addColumn rebuilds the table from a schema cached before earlier migrations.
    await queryRunner.query(`ALTER TABLE directives ADD COLUMN form ${longText} NULL`);
    await queryRunner.query(`ALTER TABLE reports ADD COLUMN form_values ${longText} NULL`);
    await queryRunner.query(`ALTER TABLE reports ADD COLUMN reported_totals ${longText} NULL`);
    await queryRunner.query(`ALTER TABLE reports ADD COLUMN explanation text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['explanation', 'reported_totals', 'form_values'])
      await queryRunner.query(`ALTER TABLE reports DROP COLUMN ${column}`);
    await queryRunner.query(`ALTER TABLE directives DROP COLUMN form`);
  }
}
