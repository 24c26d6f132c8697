import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions, TableIndex } from 'typeorm';

// Self-contained on purpose: a committed migration must not change when shared code does.
// Instants are BIGINT epoch ms; JSON documents are text (longtext on MySQL, where text stops at 64 KB).
const id = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isPrimary: true,
});
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const instant = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable });
const int = (name: string, defaultValue?: number): TableColumnOptions => ({ name, type: 'int', default: defaultValue });
const flag = (name: string): TableColumnOptions => ({ name, type: 'boolean', default: 0 });

const TABLES = ['notifications', 'events', 'escalations', 'reports', 'assignments', 'directive_versions', 'directives'];

export class CreateReadModel1763900000000 implements MigrationInterface {
  name = 'CreateReadModel1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const longText = queryRunner.connection.options.type === 'mysql' ? 'longtext' : 'text';
    const doc = (name: string, isNullable = false): TableColumnOptions => ({ name, type: longText, isNullable });
    const table = async (name: string, columns: TableColumnOptions[], indices: Array<[string, string[], boolean?]>) => {
      await queryRunner.createTable(new Table({ name, columns }));
      for (const [indexName, columnNames, isUnique] of indices) {
        await queryRunner.createIndex(
          name,
          new TableIndex({ name: indexName, columnNames, isUnique: isUnique ?? false }),
        );
      }
    };

    await table(
      'directives',
      [
        id('id', 64),
        str('doc_number', 100),
        str('title', 500),
        { name: 'body', type: longText, isNullable: true },
        str('issuer_unit', 32),
        instant('deadline'),
        doc('policy'),
        doc('obligations'),
        doc('recipients'),
        str('forwards_directive_id', 64, true),
        str('parent_assignment_id', 191, true),
        str('root_directive_id', 64),
        str('status', 16),
        int('version', 1),
        instant('issued_at'),
      ],
      [
        ['idx_directives_issuer_unit', ['issuer_unit']],
        ['idx_directives_root', ['root_directive_id']],
      ],
    );
    await table(
      'directive_versions',
      [
        id('directive_id', 64),
        { name: 'version', type: 'int', isPrimary: true },
        doc('snapshot'),
        str('note', 500, true),
        instant('created_at'),
      ],
      [],
    );
    await table(
      'assignments',
      [
        id('id', 191),
        str('directive_id', 64),
        str('root_directive_id', 64),
        str('unit_code', 32),
        str('unit_name', 200),
        str('unit_path', 255),
        str('issuer_unit', 32),
        str('parent_assignment_id', 191, true),
        str('status', 16),
        instant('delivered_at'),
        instant('deadline'),
        instant('ack_due_at'),
        instant('acknowledged_at', true),
        instant('reported_at', true),
        instant('accepted_at', true),
        flag('overdue'),
        flag('late'),
        int('escalation_level', 0),
        str('forwarded_directive_id', 64, true),
        int('last_seq'),
        instant('updated_at'),
      ],
      [
        ['idx_assignments_inbox', ['unit_code', 'status']],
        ['idx_assignments_directive', ['directive_id']],
        ['idx_assignments_root', ['root_directive_id']],
        ['idx_assignments_unit_path', ['unit_path']],
        ['idx_assignments_parent', ['parent_assignment_id']],
        ['idx_assignments_overdue', ['overdue', 'deadline']],
      ],
    );
    await table(
      'reports',
      [
        id('id', 191),
        str('assignment_id', 191),
        str('directive_id', 64),
        str('unit_code', 32),
        int('version'),
        { name: 'content', type: longText },
        { name: 'zero_report', type: 'boolean' },
        doc('attachments'),
        doc('rollup', true),
        instant('submitted_at'),
        { name: 'late', type: 'boolean' },
        str('status', 16),
      ],
      [
        ['idx_reports_assignment', ['assignment_id']],
        ['idx_reports_directive', ['directive_id']],
      ],
    );
    await table(
      'escalations',
      [
        id('id', 191),
        str('assignment_id', 191),
        str('directive_id', 64),
        str('unit_code', 32),
        str('unit_name', 200),
        int('level'),
        str('reason', 32),
        str('target_unit', 32, true),
        instant('fired_at'),
        instant('resolved_at', true),
        int('last_seq'),
      ],
      [
        ['uq_escalations_assignment_level', ['assignment_id', 'level'], true],
        ['idx_escalations_directive', ['directive_id']],
        ['idx_escalations_open', ['resolved_at', 'level']],
      ],
    );
    await table(
      'events',
      [
        id('id', 191),
        int('seq'),
        str('type', 40),
        str('directive_id', 64),
        str('assignment_id', 191, true),
        doc('actor', true),
        doc('payload'),
        instant('occurred_at'),
        instant('recorded_at'),
      ],
      [
        ['idx_events_directive', ['directive_id', 'occurred_at']],
        ['idx_events_assignment', ['assignment_id']],
      ],
    );
    await table(
      'notifications',
      [
        id('id', 255),
        str('event_id', 191),
        str('recipient_unit', 32),
        str('kind', 32),
        str('subject', 500),
        { name: 'body', type: longText },
        str('channel', 32),
        instant('created_at'),
        instant('sent_at', true),
        int('attempts', 0),
        { name: 'last_error', type: longText, isNullable: true },
      ],
      [
        ['idx_notifications_pending', ['sent_at', 'created_at']],
        ['idx_notifications_event', ['event_id']],
        ['idx_notifications_recipient', ['recipient_unit']],
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of TABLES) await queryRunner.dropTable(name);
  }
}
