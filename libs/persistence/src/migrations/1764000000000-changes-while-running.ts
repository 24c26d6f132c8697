import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions, TableIndex } from 'typeorm';

// Self-contained on purpose: a committed migration must not change when shared code does.
// Issue 6 (changes while a cascade runs): what changed in each directive version, why a report was
// returned, the urge counter, 延期申请 and the loaded 放假安排 years.
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const instant = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });

/** Columns by plain ALTER TABLE on both databases: TypeORM's SQLite path rebuilds the whole table for each. */
const COLUMNS: Array<[table: string, column: string, definition: (longText: string) => string]> = [
  ['directive_versions', 'changes', (longText) => `${longText} NULL`],
  ['reports', 'return_reason', (longText) => `${longText} NULL`],
  ['assignments', 'urge_count', () => 'int NOT NULL DEFAULT 0'],
  ['assignments', 'last_urged_at', () => 'bigint NULL'],
];

const quote = (queryRunner: QueryRunner, name: string) => queryRunner.connection.driver.escape(name);

export class ChangesWhileRunning1764000000000 implements MigrationInterface {
  name = 'ChangesWhileRunning1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // JSON documents and free text are text (longtext on MySQL, where text stops at 64 KB).
    const longText = queryRunner.connection.options.type === 'mysql' ? 'longtext' : 'text';
    const doc = (name: string, isNullable = false): TableColumnOptions => ({ name, type: longText, isNullable });

    for (const [table, column, definition] of COLUMNS) {
      await queryRunner.query(
        `ALTER TABLE ${quote(queryRunner, table)} ADD COLUMN ${quote(queryRunner, column)} ${definition(longText)}`,
      );
    }

    await queryRunner.createTable(
      new Table({
        name: 'extension_requests',
        columns: [
          { ...str('id', 255), isPrimary: true },
          str('assignment_id', 191),
          str('directive_id', 64),
          str('unit_code', 32),
          str('unit_name', 200),
          str('issuer_unit', 32),
          instant('requested_deadline'),
          doc('reason'),
          instant('requested_at'),
          doc('requested_by'),
          str('status', 16),
          instant('decided_at', true),
          doc('decided_by', true),
          doc('decision_note', true),
        ],
      }),
    );
    await queryRunner.createIndex(
      'extension_requests',
      new TableIndex({ name: 'idx_extension_requests_issuer', columnNames: ['issuer_unit', 'status'] }),
    );
    await queryRunner.createIndex(
      'extension_requests',
      new TableIndex({ name: 'idx_extension_requests_assignment', columnNames: ['assignment_id'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'calendar_years',
        columns: [
          { name: 'year', type: 'int', isPrimary: true },
          doc('holidays'),
          doc('workdays'),
          str('source', 500),
          instant('loaded_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_years');
    await queryRunner.dropTable('extension_requests');
    for (const [table, column] of [...COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE ${quote(queryRunner, table)} DROP COLUMN ${quote(queryRunner, column)}`);
    }
  }
}
