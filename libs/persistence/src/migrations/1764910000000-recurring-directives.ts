import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 周期性公文: the rule on the series directive; on each period's directive its series and period. */
export class RecurringDirectives1764910000000 implements MigrationInterface {
  name = 'RecurringDirectives1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE: TypeORM's SQLite addColumn rebuilds the table from a schema cached before earlier migrations.
    await queryRunner.query(`ALTER TABLE directives ADD COLUMN recurrence text NULL`);
    await queryRunner.query(`ALTER TABLE directives ADD COLUMN series_directive_id varchar(64) NULL`);
    await queryRunner.query(`ALTER TABLE directives ADD COLUMN period_key varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE directives ADD COLUMN period_label varchar(32) NULL`);
    await queryRunner.query(`CREATE INDEX idx_directives_series ON directives (series_directive_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // MySQL names the table of an index; SQLite's index names are global.
    const on = queryRunner.connection.options.type === 'mysql' ? ' ON directives' : '';
    await queryRunner.query(`DROP INDEX idx_directives_series${on}`);
    for (const column of ['period_label', 'period_key', 'series_directive_id', 'recurrence'])
      await queryRunner.query(`ALTER TABLE directives DROP COLUMN ${column}`);
  }
}
