import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** The API follows the 留痕 by the time rows were recorded (live updates), so that column is indexed. */
export class EventsRecordedIndex1764940000000 implements MigrationInterface {
  name = 'EventsRecordedIndex1764940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'events',
      new TableIndex({ name: 'idx_events_recorded', columnNames: ['recorded_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('events', 'idx_events_recorded');
  }
}
