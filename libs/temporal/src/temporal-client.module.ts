import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';

/** Provides a Temporal Connection and Client for the configured address and namespace. */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [CASCADE_CONFIG],
      useFactory: (config: CascadeConfig) => {
        if (!config.temporal.address) throw new Error('TEMPORAL_ADDRESS is not set and no dev server was started');
        return Connection.connect({ address: config.temporal.address });
      },
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
