import { Global, Module } from '@nestjs/common';
import { AccessPolicy } from './auth/access-policy.service';
import { UnitRegistry } from './units/unit-registry.service';

/** What every feature module of the API shares: the AccessPolicy and the unit registry. */
@Global()
@Module({ providers: [AccessPolicy, UnitRegistry], exports: [AccessPolicy, UnitRegistry] })
export class ApiCoreModule {}
