import { type DynamicModule, Module } from '@nestjs/common';
import { type CascadeConfig, CascadeConfigModule } from '@cascade/config';
import { PersistenceModule } from '@cascade/persistence';
import { CascadeActivitiesModule } from './cascade-activities.module';
import { FileRetentionModule } from './files/file-retention.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalWorkerService } from './temporal-worker.service';

/** The Temporal worker, the activities it hosts, the notification outbox and the file retention sweep. */
@Module({
  imports: [CascadeActivitiesModule, NotificationsModule, FileRetentionModule],
  providers: [TemporalWorkerService],
})
export class WorkerModule {}

/** Root module of a process that runs only the worker. */
@Module({})
export class WorkerAppModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    return { module: WorkerAppModule, imports: [CascadeConfigModule.forRoot(config), PersistenceModule, WorkerModule] };
  }
}
