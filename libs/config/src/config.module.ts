import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { CascadeConfig } from './cascade-config';

/** Injection token of the validated CascadeConfig. */
export const CASCADE_CONFIG = Symbol('CASCADE_CONFIG');

/** Makes one validated configuration available to every provider of an app. */
@Global()
@Module({})
export class CascadeConfigModule {
  static forRoot(config: CascadeConfig): DynamicModule {
    return {
      module: CascadeConfigModule,
      providers: [{ provide: CASCADE_CONFIG, useValue: config }],
      exports: [CASCADE_CONFIG],
    };
  }
}
