import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import type { CascadeActivities } from '@cascade/contracts';
import { temporalConnectionOptions, workflowBundlerOptions } from '@cascade/temporal';
import { CASCADE_ACTIVITIES } from './cascade-activities.module';
import { WORKER_TUNING } from './worker-tuning';

/** Hosts the Temporal worker inside the Nest app; activities come from DI. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker: Worker | null = null;
  private connection: NativeConnection | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
    @Inject(CASCADE_ACTIVITIES) private readonly activities: CascadeActivities,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { address, namespace, taskQueue } = this.config.temporal;
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config.temporal));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace,
      taskQueue,
      activities: this.activities,
      ...workflowBundlerOptions(),
      ...WORKER_TUNING,
    });
    this.running = this.worker.run();
    this.running.catch((error: unknown) => this.logger.error(`worker stopped: ${String(error)}`));
    this.logger.log(`worker polling task queue "${taskQueue}" on ${address}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
