import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type CascadeConfig, CascadeConfigModule } from '@cascade/config';
import { PersistenceModule } from '@cascade/persistence';
import { TemporalClientModule } from '@cascade/temporal';
import { ApiCoreModule } from './api-core.module';
import { AssignmentsModule } from './assignments/assignments.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { DemoModule } from './demo/demo.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { DirectivesModule } from './directives/directives.module';
import { EscalationsModule } from './escalations/escalations.module';
import { ExportsModule } from './exports/exports.module';
import { FilesModule } from './files/files.module';
import { FormsModule } from './forms/forms.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { UnitsModule } from './units/units.module';

/** The HTTP API: REST endpoints under /api with their OpenAPI document; every route but health needs a bearer token. */
@Module({
  imports: [
    ApiCoreModule,
    AuthModule,
    IdempotencyModule,
    HealthModule,
    NoticesModule,
    DirectivesModule,
    AssignmentsModule,
    UnitsModule,
    EscalationsModule,
    CalendarModule,
    ExportsModule,
    FilesModule,
    NotificationsModule,
    FormsModule,
    DemoModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
})
export class ApiModule {}

/** Root module of a process that serves only the API. */
@Module({})
export class ApiAppModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [CascadeConfigModule.forRoot(config), PersistenceModule, TemporalClientModule, ApiModule],
    };
  }
}
