import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Notifications reach people: a subscription may be a person's own, and 消息中心 read state is kept per
 * reader instead of per unit (one clerk's 已读 no longer hides a message from the unit's other people).
 */
export class PersonalNotifications1764950000000 implements MigrationInterface {
  name = 'PersonalNotifications1764950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'notification_subscriptions',
      new TableColumn({ name: 'person_id', type: 'varchar', length: '36', isNullable: true }),
    );
    await queryRunner.createIndex(
      'notification_subscriptions',
      new TableIndex({ name: 'ix_notification_subscriptions_person', columnNames: ['person_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox_reads',
        columns: [
          { name: 'message_id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'reader', type: 'varchar', length: '80', isPrimary: true },
          { name: 'read_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.dropIndex('inbox_messages', 'ix_inbox_messages_unread');
    await queryRunner.dropColumn('inbox_messages', 'read_at');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'inbox_messages',
      new TableColumn({ name: 'read_at', type: 'bigint', isNullable: true }),
    );
    await queryRunner.createIndex(
      'inbox_messages',
      new TableIndex({ name: 'ix_inbox_messages_unread', columnNames: ['unit_code', 'read_at'] }),
    );
    await queryRunner.dropTable('inbox_reads');
    await queryRunner.dropIndex('notification_subscriptions', 'ix_notification_subscriptions_person');
    await queryRunner.dropColumn('notification_subscriptions', 'person_id');
  }
}
