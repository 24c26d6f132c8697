import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

/** Uploaded files (metadata; bytes in the file store) and where each is attached. */
export class Files1764600000000 implements MigrationInterface {
  name = 'Files1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'files',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'size', type: 'bigint' },
          { name: 'media_type', type: 'varchar', length: '128' },
          { name: 'uploader_unit', type: 'varchar', length: '32' },
          { name: 'uploaded_by', type: 'varchar', length: '128', isNullable: true },
          { name: 'uploaded_at', type: 'bigint' },
          { name: 'attached_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await queryRunner.createIndex('files', new TableIndex({ name: 'ix_files_sha256', columnNames: ['sha256'] }));
    await queryRunner.createIndex(
      'files',
      new TableIndex({ name: 'ix_files_attached_at', columnNames: ['attached_at'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'file_attachments',
        columns: [
          { name: 'id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'file_id', type: 'varchar', length: '64' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'directive_id', type: 'varchar', length: '64' },
          { name: 'assignment_id', type: 'varchar', length: '191', isNullable: true },
          { name: 'report_id', type: 'varchar', length: '191', isNullable: true },
          { name: 'position', type: 'int' },
          { name: 'attached_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'file_attachments',
      new TableIndex({ name: 'ix_file_attachments_directive', columnNames: ['directive_id', 'role'] }),
    );
    await queryRunner.createIndex(
      'file_attachments',
      new TableIndex({ name: 'ix_file_attachments_file', columnNames: ['file_id'] }),
    );
    await queryRunner.createIndex(
      'file_attachments',
      new TableIndex({ name: 'ix_file_attachments_assignment', columnNames: ['assignment_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('file_attachments');
    await queryRunner.dropTable('files');
  }
}
