import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { temporalConnectionOptions } from './temporal-connection';

/** Provides a Temporal Connection and Client for the configured address and namespace. */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [CASCADE_CONFIG],
      useFactory: (config: CascadeConfig) => Connection.connect(temporalConnectionOptions(config.temporal)),
    },
    {
      provide: Client,
      inject: [Connection, CASCADE_CONFIG],
      useFactory: (connection: Connection, config: CascadeConfig) =>
        new Client({ connection, namespace: config.temporal.namespace }),
    },
  ],
  exports: [Connection, Client],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
