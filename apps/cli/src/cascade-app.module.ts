import { type DynamicModule, Module } from '@nestjs/common';
import { type CascadeConfig, CascadeConfigModule } from '@cascade/config';
import { PersistenceModule } from '@cascade/persistence';
import { TemporalClientModule } from '@cascade/temporal';
import { ApiModule } from '../../api/src/api.module';
import { WorkerModule } from '../../worker/src/worker.module';

/** API and worker in one process, sharing one database pool: what `npm start` runs on one machine. */
@Module({})
export class CascadeAppModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    return {
      module: CascadeAppModule,
      imports: [CascadeConfigModule.forRoot(config), PersistenceModule, TemporalClientModule, ApiModule, WorkerModule],
    };
  }
}
