import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * An Idempotency-Key claim carries its own lease, renewed while its request runs, instead of a fixed
 * time from its creation. A claim in flight when this runs gets 0: it is taken as abandoned.
 */
export class IdempotencyClaimLease1764960000000 implements MigrationInterface {
  name = 'IdempotencyClaimLease1764960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'idempotency_keys',
      new TableColumn({ name: 'lease_until', type: 'bigint', default: 0, isNullable: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('idempotency_keys', 'lease_until');
  }
}
