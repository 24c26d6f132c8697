export * from './file-store';
export { LocalFileStore } from './local-file-store';
export { S3FileStore, type S3FileStoreOptions } from './s3-file-store';
export { openFileStore } from './open-file-store';
export { FILE_STORE, StorageModule } from './storage.module';
