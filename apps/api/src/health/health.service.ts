import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { describeDatabase, pingDatabase } from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';

export interface ComponentHealth {
  status: 'up' | 'down';
  detail: string;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  engine: ComponentHealth & { address: string | null; namespace: string };
  database: ComponentHealth & { type: 'sqlite' | 'mysql' };
  storage: ComponentHealth & { kind: 'local' | 's3' };
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

/** Asks the Temporal engine, the database and the file store whether they answer. */
@Injectable()
export class HealthService {
  constructor(
    private readonly connection: Connection,
    private readonly dataSource: DataSource,
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
  ) {}

  async check(): Promise<HealthReport> {
    const [engine, database, storage] = await Promise.all([
      this.checkEngine(),
      this.checkDatabase(),
      this.checkStorage(),
    ]);
    const allUp = [engine, database, storage].every((component) => component.status === 'up');
    return { status: allUp ? 'ok' : 'degraded', engine, database, storage };
  }

  private async checkStorage(): Promise<HealthReport['storage']> {
    const { kind } = this.store;
    const detail = kind === 's3' ? 'S3-compatible object store' : 'files on this machine';
    try {
      await withTimeout(this.store.ready(), 'the file store');
      return { status: 'up', kind, detail };
    } catch (error) {
      return { status: 'down', kind, detail, error: failure(error) };
    }
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
