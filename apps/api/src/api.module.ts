import { type DynamicModule, Module } from '@nestjs/common';
import { type CascadeConfig, CascadeConfigModule } from '@cascade/config';
import { PersistenceModule } from '@cascade/persistence';
import { TemporalClientModule } from '@cascade/temporal';
import { HealthModule } from './health/health.module';

/** The HTTP API: REST endpoints under /api with their OpenAPI document. */
@Module({ imports: [HealthModule] })
export class ApiModule {}

/** Root module of a process that serves only the API. */
@Module({})
export class ApiAppModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    return { module: ApiAppModule, imports: [CascadeConfigModule.forRoot(config), PersistenceModule, TemporalClientModule, ApiModule] };
  }
}
