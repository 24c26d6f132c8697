import { loadConfig } from '@cascade/config';
import { describeDatabase, openDatabase } from '@cascade/persistence';
import type { CliCommand } from './command';

export const dbMigrateCommand: CliCommand = {
  name: ['db', 'migrate'],
  summary: 'bring the database schema up to date (DATABASE_URL, default SQLite in CASCADE_DATA_DIR)',
  async run() {
    const { database } = loadConfig();
    const dataSource = await openDatabase(database, { migrate: false });
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(
        `${describeDatabase(database)}: ${applied.length} migration(s) applied${applied.map((m) => `\n  ${m.name}`).join('')}`,
      );
    } finally {
      await dataSource.destroy();
    }
  },
};
