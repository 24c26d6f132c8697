import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** A claim lease on outbox rows, so two dispatchers never send the same notification. */
export class NotificationClaims1764100000000 implements MigrationInterface {
  name = 'NotificationClaims1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'notifications',
      new TableColumn({ name: 'claimed_at', type: 'bigint', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('notifications', 'claimed_at');
  }
}
