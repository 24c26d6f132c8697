import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { assertSchemaCurrent, openDatabase } from './open-database';
import { UnitsRepository } from './units.repository';

/** Provides the initialized, migrated DataSource and the repositories to every Nest app. */
@Global()
@Module({
  providers: [
    { provide: DataSource, inject: [CASCADE_CONFIG], useFactory: async (config: CascadeConfig) => {
        const dataSource = await openDatabase(config.database, { migrate: false });
        await assertSchemaCurrent(dataSource);
        return dataSource;
      },
    },
    UnitsRepository,
  ],
  exports: [DataSource, UnitsRepository],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
