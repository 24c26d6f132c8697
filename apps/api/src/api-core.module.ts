import { Global, Module } from '@nestjs/common';
import { AccessPolicy } from './access/access-policy.service';
import { ReadModelQueries } from './read-model/read-model.queries';
import { UnitRegistry } from './units/unit-registry.service';

/** What every feature module of the API shares: the AccessPolicy, scoped queries and the unit registry. */
@Global()
@Module({ providers: [AccessPolicy, ReadModelQueries, UnitRegistry], exports: [AccessPolicy, ReadModelQueries, UnitRegistry] })
export class ApiCoreModule {}
