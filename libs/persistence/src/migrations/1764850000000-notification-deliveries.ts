import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Subscriptions (who gets what), deliveries (one per recipient and channel, retried) and the 消息中心. */
export class NotificationDeliveries1764850000000 implements MigrationInterface {
  name = 'NotificationDeliveries1764850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const json = queryRunner.connection.options.type === 'mysql' ? 'longtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: 'notification_subscriptions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'unit_code', type: 'varchar', length: '32' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'address', type: 'varchar', length: '500' },
          { name: 'secret', type: 'varchar', length: '255', isNullable: true },
          { name: 'kinds', type: json },
          { name: 'quiet_hours', type: 'boolean' },
          { name: 'enabled', type: 'boolean' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'notification_subscriptions',
      new TableIndex({ name: 'ix_notification_subscriptions_unit', columnNames: ['unit_code'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_deliveries',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'notification_id', type: 'varchar', length: '255' },
          { name: 'event_id', type: 'varchar', length: '191' },
          { name: 'recipient_unit', type: 'varchar', length: '32' },
          { name: 'subscription_id', type: 'varchar', length: '36' },
          { name: 'channel', type: 'varchar', length: '16' },
          { name: 'address', type: 'varchar', length: '500' },
          { name: 'status', type: 'varchar', length: '8' },
          { name: 'attempts', type: 'int', default: 0 },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'claimed_at', type: 'bigint', isNullable: true },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'sent_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'notification_deliveries',
      new TableIndex({ name: 'ix_notification_deliveries_due', columnNames: ['status', 'next_attempt_at'] }),
    );
    await queryRunner.createIndex(
      'notification_deliveries',
      new TableIndex({ name: 'ix_notification_deliveries_notification', columnNames: ['notification_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'inbox_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'unit_code', type: 'varchar', length: '32' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'subject', type: 'varchar', length: '500' },
          { name: 'body', type: 'text' },
          { name: 'directive_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'read_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'inbox_messages',
      new TableIndex({ name: 'ix_inbox_messages_unit', columnNames: ['unit_code', 'created_at'] }),
    );
    await queryRunner.createIndex(
      'inbox_messages',
      new TableIndex({ name: 'ix_inbox_messages_unread', columnNames: ['unit_code', 'read_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox_messages');
    await queryRunner.dropTable('notification_deliveries');
    await queryRunner.dropTable('notification_subscriptions');
  }
}
