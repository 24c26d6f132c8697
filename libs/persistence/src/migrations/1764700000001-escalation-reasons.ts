import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** 督办记录 are one per assignment, reason and level: the acknowledgement ladder no longer shares level 1 with the deadline ladder. */
export class EscalationReasons1764700000001 implements MigrationInterface {
  name = 'EscalationReasons1764700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('escalations', 'uq_escalations_assignment_level');
    await queryRunner.createIndex(
      'escalations',
      new TableIndex({
        name: 'uq_escalations_assignment_reason_level',
        columnNames: ['assignment_id', 'reason', 'level'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Rows that only the new index allows (two reasons at one level) keep the deadline ladder's.
    await queryRunner.query(`DELETE FROM escalations WHERE reason = 'NOT_ACKNOWLEDGED' AND id LIKE '%#A%'`);
    await queryRunner.dropIndex('escalations', 'uq_escalations_assignment_reason_level');
    await queryRunner.createIndex(
      'escalations',
      new TableIndex({
        name: 'uq_escalations_assignment_level',
        columnNames: ['assignment_id', 'level'],
        isUnique: true,
      }),
    );
  }
}
