import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from './entities/idempotency-key.entity';
import { openDatabase } from './open-database';

describe('QueryErrorLogger', () => {
  let dataSource: DataSource;
  let errors: jest.SpyInstance;

  beforeAll(async () => {
    dataSource = await openDatabase({ type: 'sqlite', database: ':memory:' });
  });
  afterAll(() => dataSource.destroy());
  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  const key = (id: string) => ({
    id,
    caller: 'secret-caller',
    key: 'k',
    requestHash: 'h',
    statusCode: null,
    responseBody: null,
    createdAt: 1,
    leaseUntil: 2,
    expiresAt: 2,
  });

  it('stays silent on a duplicate key, which the inserting code expects and handles', async () => {
    const keys = dataSource.getRepository(IdempotencyKeyEntity);
    await keys.insert(key('dup'));
    await expect(keys.insert(key('dup'))).rejects.toThrow(/UNIQUE/);
    expect(errors).not.toHaveBeenCalled();
  });

  it('logs any other failed query as one line, without its parameters', async () => {
    await expect(
      dataSource.query('SELECT no_such_column FROM idempotency_keys WHERE caller = ?', ['secret-caller']),
    ).rejects.toThrow();
    expect(errors).toHaveBeenCalledTimes(1);
    const line = String(errors.mock.calls[0][0]);
    expect(line).toMatch(/^query failed: .*no_such_column/);
    expect(line).not.toContain('secret-caller');
  });
});
