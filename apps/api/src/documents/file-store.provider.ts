import type { Provider } from '@nestjs/common';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { type FileStore, openFileStore } from '@cascade/storage';

/** Injection token of the file store the documents' bytes live in. */
export const FILE_STORE = Symbol('FILE_STORE');

/** The store CASCADE_STORAGE_URL names, or files under the data directory. */
export const fileStoreProvider: Provider<FileStore> = {
  provide: FILE_STORE,
  inject: [CASCADE_CONFIG],
  useFactory: (config: CascadeConfig) => openFileStore(process.env.CASCADE_STORAGE_URL, config.dataDir),
};
