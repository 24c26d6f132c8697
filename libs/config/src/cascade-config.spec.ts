import * as path from 'node:path';
import { ConfigError, loadConfig } from './cascade-config';

describe('loadConfig', () => {
  it('defaults to port 3000, ./data, SQLite in the data dir and a dev server of our own', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.database).toEqual({ type: 'sqlite', database: path.resolve('data', 'cascade.db') });
    expect(config.temporal).toEqual({ address: null, namespace: 'default', taskQueue: 'cascade', uiPort: 8233 });
  });

  it('honours PORT, CASCADE_DATA_DIR, DATABASE_URL and TEMPORAL_ADDRESS', () => {
    const config = loadConfig({
      PORT: '8080',
      CASCADE_DATA_DIR: '/tmp/cascade-x',
      DATABASE_URL: 'mysql://u:p@db:3306/cascade',
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_TASK_QUEUE: 'cascade-prod',
    });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/tmp/cascade-x');
    expect(config.database).toEqual({ type: 'mysql', url: 'mysql://u:p@db:3306/cascade' });
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.temporal.taskQueue).toBe('cascade-prod');
  });

  it('turns demo mode on with the embedded SQLite and off with MySQL, unless CASCADE_DEMO says', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/c.db' }).demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'mysql://u:p@db:3306/cascade' }).demo).toBe(false);
    expect(loadConfig({ CASCADE_DEMO: '0' }).demo).toBe(false);
    expect(loadConfig({ CASCADE_DEMO: '1', DATABASE_URL: 'mysql://u:p@db:3306/cascade' }).demo).toBe(true);
  });

  it('keeps SQLite under CASCADE_DATA_DIR, or where sqlite: says', () => {
    expect(loadConfig({ CASCADE_DATA_DIR: '/srv/c' }).database).toEqual({
      type: 'sqlite',
      database: '/srv/c/cascade.db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/c.db' }).database).toEqual({
      type: 'sqlite',
      database: '/var/c.db',
    });
  });

  it('keeps files under the data directory, 50 MB and 20 per document unless told otherwise', () => {
    expect(loadConfig({}).storage).toEqual({ url: null, maxFileBytes: 50 * 1024 * 1024, filesPerDocument: 20 });
    const url = 's3://cascade-files?endpoint=http%3A%2F%2Fminio%3A9000&region=cn-north-1';
    expect(
      loadConfig({ CASCADE_STORAGE_URL: url, CASCADE_FILE_MAX_BYTES: '1048576', CASCADE_FILES_PER_DOCUMENT: '5' })
        .storage,
    ).toEqual({ url, maxFileBytes: 1048576, filesPerDocument: 5 });
  });

  it.each([
    ['PORT', 'eighty', /PORT must be a port number/],
    ['PORT', '70000', /PORT must be a port number/],
    ['DATABASE_URL', 'postgres://x/y', /DATABASE_URL must look like/],
    ['TEMPORAL_ADDRESS', 'no-port', /TEMPORAL_ADDRESS must be host:port/],
    ['TEMPORAL_NAMESPACE', 'bad name!', /TEMPORAL_NAMESPACE may hold only/],
    ['CASCADE_DEMO', 'maybe', /CASCADE_DEMO must be 1 or 0/],
    ['CASCADE_STORAGE_URL', 'minio:9000/bucket', /CASCADE_STORAGE_URL must be s3:\/\/bucket/],
    ['CASCADE_STORAGE_URL', 's3://?endpoint=x', /CASCADE_STORAGE_URL must be s3:\/\/bucket/],
    ['CASCADE_FILE_MAX_BYTES', '50MB', /CASCADE_FILE_MAX_BYTES must be a positive whole number/],
    ['CASCADE_FILES_PER_DOCUMENT', '0', /CASCADE_FILES_PER_DOCUMENT must be a positive whole number/],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });
});
