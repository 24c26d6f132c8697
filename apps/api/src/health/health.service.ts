import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { describeDatabase, pingDatabase } from '@cascade/persistence';

export interface ComponentHealth {
  status: 'up' | 'down';
  detail: string;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  engine: ComponentHealth & { address: string | null; namespace: string };
  database: ComponentHealth & { type: 'sqlite' | 'mysql' };
}

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Asks the Temporal engine and the database whether they answer. */
@Injectable()
export class HealthService {
  constructor(
    private readonly connection: Connection,
    private readonly dataSource: DataSource,
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const [engine, database] = await Promise.all([this.checkEngine(), this.checkDatabase()]);
    return { status: engine.status === 'up' && database.status === 'up' ? 'ok' : 'degraded', engine, database };
  }

  private async checkEngine(): Promise<HealthReport['engine']> {
    const { address, namespace } = this.config.temporal;
    try {
      const info = await withTimeout(this.connection.workflowService.getSystemInfo({}), 'Temporal');
      return {
        status: 'up',
        address,
        namespace,
        detail: `Temporal server ${info.serverVersion || '(version not reported)'}`,
      };
    } catch (error) {
      return { status: 'down', address, namespace, detail: 'Temporal server unreachable', error: failure(error) };
    }
  }

  private async checkDatabase(): Promise<HealthReport['database']> {
    const { database } = this.config;
    try {
      await withTimeout(pingDatabase(this.dataSource), 'the database');
      return { status: 'up', type: database.type, detail: describeDatabase(database) };
    } catch (error) {
      return { status: 'down', type: database.type, detail: describeDatabase(database), error: failure(error) };
    }
  }
}
