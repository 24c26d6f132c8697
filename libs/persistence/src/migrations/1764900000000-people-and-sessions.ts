import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** People who sign in with a password, and their browser sessions. */
export class PeopleAndSessions1764900000000 implements MigrationInterface {
  name = 'PeopleAndSessions1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'people',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'login', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'unit_code', type: 'varchar', length: '32' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'mobile', type: 'varchar', length: '32', isNullable: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'disabled', type: 'boolean' },
          { name: 'failed_count', type: 'int', default: 0 },
          { name: 'locked_until', type: 'bigint', isNullable: true },
          { name: 'password_changed_at', type: 'bigint' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'people',
      new TableIndex({ name: 'uq_people_login', columnNames: ['login'], isUnique: true }),
    );
    await queryRunner.createIndex('people', new TableIndex({ name: 'ix_people_unit', columnNames: ['unit_code'] }));
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'person_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'bigint' },
          { name: 'last_seen_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'ended_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex(
      'sessions',
      new TableIndex({ name: 'ix_sessions_person', columnNames: ['person_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sessions');
    await queryRunner.dropTable('people');
  }
}
