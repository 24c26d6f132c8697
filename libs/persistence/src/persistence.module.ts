import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { assertSchemaCurrent, openDatabase } from './open-database';
import { AssignmentsRepository } from './assignments.repository';
import { CalendarYearsRepository } from './calendar-years.repository';
import { DirectivesRepository } from './directives.repository';
import { EscalationsRepository } from './escalations.repository';
import { EventsRepository } from './events.repository';
import { ExtensionRequestsRepository } from './extension-requests.repository';
import { FilesRepository } from './files.repository';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { InboxMessagesRepository } from './inbox-messages.repository';
import { NotificationDeliveriesRepository } from './notification-deliveries.repository';
import { NotificationSubscriptionsRepository } from './notification-subscriptions.repository';
import { NotificationsRepository } from './notifications.repository';
import { PeopleRepository } from './people.repository';
import { EventProjector } from './projection/event-projector';
import { ReportsRepository } from './reports.repository';
import { SessionsRepository } from './sessions.repository';
import { TokensRepository } from './tokens.repository';
import { UnitsRepository } from './units.repository';

const repositories = [
  UnitsRepository,
  DirectivesRepository,
  AssignmentsRepository,
  ReportsRepository,
  EscalationsRepository,
  EventsRepository,
  NotificationsRepository,
  TokensRepository,
  ExtensionRequestsRepository,
  CalendarYearsRepository,
  IdempotencyKeysRepository,
  FilesRepository,
  NotificationSubscriptionsRepository,
  NotificationDeliveriesRepository,
  InboxMessagesRepository,
  PeopleRepository,
  SessionsRepository,
];

/** Provides the initialized, migrated DataSource, the repositories and the event projector to every Nest app. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [CASCADE_CONFIG],
      useFactory: async (config: CascadeConfig) => {
        const dataSource = await openDatabase(config.database, { migrate: false });
        await assertSchemaCurrent(dataSource);
        return dataSource;
      },
    },
    ...repositories,
    EventProjector,
  ],
  exports: [DataSource, ...repositories, EventProjector],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
