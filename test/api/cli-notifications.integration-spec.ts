import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@cascade/config';
import {
  NotificationDeliveriesRepository,
  NotificationSubscriptionsRepository,
  openDatabase,
  UnitsRepository,
} from '@cascade/persistence';
import { UsageError } from '../../apps/cli/src/commands/command';
import {
  notificationsDeadLettersCommand,
  notificationsRetryCommand,
  notificationsSubscribeCommand,
  notificationsSubscriptionsCommand,
  notificationsUnsubscribeCommand,
} from '../../apps/cli/src/commands/notifications.command';
import { fixtureUnits } from '../../libs/persistence/src/projection/event-fixtures';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

const databaseUrl = (config: DatabaseConfig) => (config.type === 'mysql' ? config.url : `sqlite:${config.database}`);

/** Runs a command as `cascade …` would, returning what it printed on stdout. */
async function run(command: { run(args: string[]): Promise<number | void> }, args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    await command.run(args);
    return lines;
  } finally {
    log.mockRestore();
  }
}

describe.each(databaseKinds())('cascade notifications (%s)', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    process.env.DATABASE_URL = databaseUrl(db.config);
    dataSource = await openDatabase(db.config);
    await new UnitsRepository(dataSource).upsertMany(fixtureUnits);
  });

  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    await dataSource?.destroy();
    await db?.drop();
  });

  it('subscribes a unit, lists it without its secret, and unsubscribes it', async () => {
    const [added] = await run(notificationsSubscribeCommand, [
      '--unit',
      '141000',
      '--channel',
      'dingtalk',
      '--address',
      'https://oapi.dingtalk.com/robot/send?access_token=abc',
      '--secret',
      'SECabc',
      '--kinds',
      'ESCALATION,URGED',
      '--no-quiet-hours',
    ]);
    const id = /已添加订阅 (\S+)/.exec(added)?.[1] as string;
    expect(await new NotificationSubscriptionsRepository(dataSource).get(id)).toMatchObject({
      unitCode: '141000',
      channel: 'dingtalk',
      secret: 'SECabc',
      kinds: ['ESCALATION', 'URGED'],
      quietHours: false,
    });

    const listed = await run(notificationsSubscriptionsCommand, ['--unit', '141000']);
    expect(listed).toEqual([expect.stringContaining(`${id}  141000`)]);
    expect(listed[0]).toContain('有密钥');
    expect(listed[0]).not.toContain('SECabc');

    expect(await run(notificationsUnsubscribeCommand, [id])).toEqual([`已删除订阅 ${id}`]);
    await expect(run(notificationsUnsubscribeCommand, [id])).rejects.toThrow(UsageError);
  });

  it('refuses an unknown unit, kind or channel and an address that does not suit the channel', async () => {
    const base = ['--unit', '141000', '--channel', 'email', '--address', 'a@example.gov.cn', '--kinds', 'REMINDER'];
    const withOption = (name: string, value: string) => {
      const args = [...base];
      args[args.indexOf(name) + 1] = value;
      return args;
    };
    await expect(run(notificationsSubscribeCommand, withOption('--unit', '999999'))).rejects.toThrow(/999999 不存在/);
    await expect(run(notificationsSubscribeCommand, withOption('--kinds', 'REMINDER,NOPE'))).rejects.toThrow(/NOPE/);
    await expect(run(notificationsSubscribeCommand, withOption('--channel', 'fax'))).rejects.toThrow(/--channel/);
    await expect(run(notificationsSubscribeCommand, withOption('--address', 'nobody'))).rejects.toThrow(/邮箱/);
    await expect(
      run(notificationsSubscribeCommand, [...withOption('--channel', 'webhook'), '--address', 'https://h.example/x']),
    ).rejects.toThrow(/密钥/);
    expect(await new NotificationSubscriptionsRepository(dataSource).list()).toEqual([]);
  });

  it('lists the dead letters and retries them', async () => {
    const deliveries = new NotificationDeliveriesRepository(dataSource);
    await deliveries.addMissing(
      ['b', 'c'].map((letter) => ({
        id: letter.repeat(64),
        notificationId: `evt-${letter}>141000`,
        eventId: `evt-${letter}`,
        recipientUnit: '141000',
        subscriptionId: 'sub',
        channel: 'wecom',
        address: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
        nextAttemptAt: 0,
      })),
    );
    await deliveries.markDead('b'.repeat(64), 'errcode 93000 invalid webhook url');
    await deliveries.markDead('c'.repeat(64), 'HTTP 502');

    const listed = await run(notificationsDeadLettersCommand, []);
    expect(listed.at(-1)).toBe('共 2 条死信');
    expect(listed.join('\n')).toContain('errcode 93000');

    expect(await run(notificationsRetryCommand, ['b'.repeat(64)])).toEqual(['已重新排队 1 条投递']);
    expect(await run(notificationsRetryCommand, ['--all'])).toEqual(['已重新排队 1 条投递']);
    await expect(run(notificationsRetryCommand, [])).rejects.toThrow(UsageError);
    expect((await deliveries.list('PENDING', {})).total).toBe(2);
  });
});
