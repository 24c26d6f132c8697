import { type DynamicModule, Module } from '@nestjs/common';
import { type CascadeConfig, CascadeConfigModule } from '@cascade/config';
import { PersistenceModule } from '@cascade/persistence';
import { CascadeActivitiesModule } from './cascade-activities.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalWorkerService } from './temporal-worker.service';

/** The Temporal worker and the activities it hosts. */
@Module({ imports: [CascadeActivitiesModule, NotificationsModule], providers: [TemporalWorkerService] })
export class WorkerModule {}

/** Root module of a process that runs only the worker. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    return { module: WorkerAppModule, imports: [CascadeConfigModule.forRoot(config), PersistenceModule, WorkerModule] };
  }
}
