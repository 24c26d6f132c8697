import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@cascade/config';
import { ApiTokenEntity } from './entities/api-token.entity';
import { AssignmentEntity } from './entities/assignment.entity';
import { CalendarYearEntity } from './entities/calendar-year.entity';
import { DirectiveVersionEntity } from './entities/directive-version.entity';
import { DirectiveEntity } from './entities/directive.entity';
import { EscalationEntity } from './entities/escalation.entity';
import { EventEntity } from './entities/event.entity';
import { FileAttachmentEntity } from './entities/file-attachment.entity';
import { InboxMessageEntity } from './entities/inbox-message.entity';
import { InboxReadEntity } from './entities/inbox-read.entity';
import { NotificationDeliveryEntity } from './entities/notification-delivery.entity';
import { NotificationSubscriptionEntity } from './entities/notification-subscription.entity';
import { ExtensionRequestEntity } from './entities/extension-request.entity';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { NotificationEntity } from './entities/notification.entity';
import { ReportEntity } from './entities/report.entity';
import { StoredFileEntity } from './entities/stored-file.entity';
import { UnitRelationEntity } from './entities/unit-relation.entity';
import { UnitEntity } from './entities/unit.entity';
import { PersonEntity } from './entities/person.entity';
import { SessionEntity } from './entities/session.entity';
import { CreateUnits1763856000000 } from './migrations/1763856000000-create-units';
import { CreateReadModel1763900000000 } from './migrations/1763900000000-create-read-model';
import { CreateApiTokens1763950000000 } from './migrations/1763950000000-create-api-tokens';
import { ChangesWhileRunning1764000000000 } from './migrations/1764000000000-changes-while-running';
import { NotificationClaims1764100000000 } from './migrations/1764100000000-notification-claims';
import { IdempotencyKeys1764400000000 } from './migrations/1764400000000-idempotency-keys';
import { Files1764600000000 } from './migrations/1764600000000-files';
import { UnitRelations1764700000000 } from './migrations/1764700000000-unit-relations';
import { EscalationReasons1764700000001 } from './migrations/1764700000001-escalation-reasons';
import { ReportForms1764800000100 } from './migrations/1764800000100-report-forms';
import { RecurringDirectives1764910000000 } from './migrations/1764910000000-recurring-directives';
import { NotificationDeliveries1764850000000 } from './migrations/1764850000000-notification-deliveries';
import { PeopleAndSessions1764900000000 } from './migrations/1764900000000-people-and-sessions';
import { PersonalNotifications1764950000000 } from './migrations/1764950000000-personal-notifications';
import { EventsRecordedIndex1764940000000 } from './migrations/1764940000000-events-recorded-index';
import { IdempotencyClaimLease1764960000000 } from './migrations/1764960000000-idempotency-claim-lease';
import { QueryErrorLogger } from './query-error-logger';

export const entities = [
  UnitEntity,
  DirectiveEntity,
  DirectiveVersionEntity,
  AssignmentEntity,
  ReportEntity,
  EscalationEntity,
  EventEntity,
  NotificationEntity,
  ApiTokenEntity,
  ExtensionRequestEntity,
  CalendarYearEntity,
  IdempotencyKeyEntity,
  StoredFileEntity,
  FileAttachmentEntity,
  UnitRelationEntity,
  NotificationSubscriptionEntity,
  NotificationDeliveryEntity,
  InboxMessageEntity,
  InboxReadEntity,
  PersonEntity,
  SessionEntity,
];
/** In order; a committed migration is never edited or renamed: databases have already run it. */
export const migrations = [
  CreateUnits1763856000000,
  CreateReadModel1763900000000,
  CreateApiTokens1763950000000,
  ChangesWhileRunning1764000000000,
  NotificationClaims1764100000000,
  IdempotencyKeys1764400000000,
  Files1764600000000,
  UnitRelations1764700000000,
  EscalationReasons1764700000001,
  ReportForms1764800000100,
  NotificationDeliveries1764850000000,
  PeopleAndSessions1764900000000,
  PersonalNotifications1764950000000,
  RecurringDirectives1764910000000,
  EventsRecordedIndex1764940000000,
  IdempotencyClaimLease1764960000000,
];

/** TypeORM options for the configured database; the schema comes only from migrations. */
export function databaseOptions(database: DatabaseConfig): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logger: new QueryErrorLogger() };
  if (database.type === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: database.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
    };
  }
  if (database.database !== ':memory:') fs.mkdirSync(path.dirname(database.database), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: database.database,
    enableWAL: database.database !== ':memory:',
  };
}
