import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CASCADE_CONFIG, type CascadeConfig, storageConfigOf } from '@cascade/config';
import type { FileStore } from './file-store';
import { openFileStore } from './open-file-store';
import { S3FileStore } from './s3-file-store';

/** Injection token of the process's {@link FileStore}. */
export const FILE_STORE = Symbol('FILE_STORE');

/** Prepares the store at boot without failing it: a store that is down now answers 503 until it is back. */
@Injectable()
export class FileStoreLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FileStore');

  constructor(@Inject(FILE_STORE) private readonly store: FileStore) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.store.ready().catch((error: unknown) => {
      this.logger.warn(`file store (${this.store.kind}) not ready at start: ${String(error)}`);
    });
  }

  onApplicationShutdown(): void {
    if (this.store instanceof S3FileStore) this.store.destroy();
  }
}

/** The file store CASCADE_STORAGE_URL names (files under the data directory when unset), for the API and the worker. */
@Global()
@Module({
  providers: [
    {
      provide: FILE_STORE,
      inject: [CASCADE_CONFIG],
      useFactory: (config: CascadeConfig): FileStore =>
        openFileStore(storageConfigOf(config).url ?? undefined, config.dataDir),
    },
    FileStoreLifecycle,
  ],
  exports: [FILE_STORE],
})
export class StorageModule {}
