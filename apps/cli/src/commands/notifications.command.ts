import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@cascade/config';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  NotificationDeliveriesRepository,
  NotificationSubscriptionsRepository,
  openDatabase,
  SUBSCRIPTION_CHANNELS,
  type SubscriptionChannel,
  subscriptionRefusal,
  UnitsRepository,
} from '@cascade/persistence';
import { type CliCommand, UsageError } from './command';

const ADD_USAGE = `用法：cascade notifications subscribe --unit CODE --channel ${SUBSCRIPTION_CHANNELS.join('|')} --address ADDRESS --kinds KIND,KIND [--secret SECRET] [--no-quiet-hours]
  KIND：${NOTIFICATION_KINDS.join('、')}`;

async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openDatabase(loadConfig().database);
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function options(args: string[], usage: string) {
  try {
    return parseArgs({
      args,
      options: {
        unit: { type: 'string' },
        channel: { type: 'string' },
        address: { type: 'string' },
        secret: { type: 'string' },
        kinds: { type: 'string' },
        'no-quiet-hours': { type: 'boolean' },
        all: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

const iso = (epochMs: number | null) => (epochMs === null ? '-' : new Date(epochMs).toISOString());

export const notificationsSubscribeCommand: CliCommand = {
  name: ['notifications', 'subscribe'],
  summary:
    'add a notification subscription: a unit receives some kinds on a channel (email, webhook, dingtalk, wecom, sms)',
  async run(args) {
    const { values, positionals } = options(args, ADD_USAGE);
    if (positionals.length || !values.unit || !values.channel || !values.address || !values.kinds)
      throw new UsageError(ADD_USAGE);
    const channel = values.channel as SubscriptionChannel;
    if (!SUBSCRIPTION_CHANNELS.includes(channel))
      throw new UsageError(`--channel “${values.channel}” 无效，应为 ${SUBSCRIPTION_CHANNELS.join('|')}`);
    const kinds = values.kinds.split(',').map((kind) => kind.trim()) as NotificationKind[];
    const unknown = kinds.filter((kind) => !NOTIFICATION_KINDS.includes(kind));
    if (unknown.length)
      throw new UsageError(`--kinds 含未知类型 ${unknown.join('、')}，应为 ${NOTIFICATION_KINDS.join('、')}`);
    const refusal = subscriptionRefusal(channel, values.address, values.secret ?? null);
    if (refusal) throw new UsageError(refusal.replace(/^address/, '--address').replace('secret', '--secret'));
    const unitCode = values.unit;
    const created = await withDatabase(async (dataSource) => {
      if (!(await new UnitsRepository(dataSource).findByCode(unitCode)))
        throw new UsageError(`单位 ${unitCode} 不存在（先 cascade units import）`);
      return new NotificationSubscriptionsRepository(dataSource).create({
        unitCode,
        channel,
        address: values.address as string,
        secret: values.secret ?? null,
        kinds: [...new Set(kinds)],
        quietHours: !values['no-quiet-hours'],
      });
    });
    console.log(`已添加订阅 ${created.id}  ${unitCode} ${channel} ${created.address}`);
  },
};

export const notificationsSubscriptionsCommand: CliCommand = {
  name: ['notifications', 'subscriptions'],
  summary: 'list notification subscriptions, all or one unit’s (--unit CODE); secrets are never shown',
  async run(args) {
    const { values, positionals } = options(args, '用法：cascade notifications subscriptions [--unit CODE]');
    if (positionals.length) throw new UsageError('用法：cascade notifications subscriptions [--unit CODE]');
    const rows = await withDatabase((dataSource) =>
      new NotificationSubscriptionsRepository(dataSource).list(values.unit),
    );
    for (const row of rows) {
      const flags = [row.enabled ? '启用' : '停用', row.quietHours ? '免打扰' : '全天', row.secret ? '有密钥' : ''];
      console.log(
        `${row.id}  ${row.unitCode.padEnd(10)} ${row.channel.padEnd(8)} ${row.address}  ${row.kinds.join(',')}  ${flags.filter(Boolean).join(' ')}`,
      );
    }
  },
};

export const notificationsUnsubscribeCommand: CliCommand = {
  name: ['notifications', 'unsubscribe'],
  summary: 'remove a notification subscription by its id',
  async run(args) {
    if (args.length !== 1) throw new UsageError('用法：cascade notifications unsubscribe ID');
    const removed = await withDatabase((dataSource) =>
      new NotificationSubscriptionsRepository(dataSource).remove(args[0]),
    );
    if (!removed) throw new UsageError(`订阅 ${args[0]} 不存在`);
    console.log(`已删除订阅 ${args[0]}`);
  },
};

export const notificationsDeadLettersCommand: CliCommand = {
  name: ['notifications', 'dead-letters'],
  summary: 'list deliveries that failed on every attempt (the dead-letter list)',
  async run(args) {
    if (args.length) throw new UsageError('用法：cascade notifications dead-letters');
    const page = await withDatabase((dataSource) =>
      new NotificationDeliveriesRepository(dataSource).list('DEAD', { limit: 1000 }),
    );
    for (const row of page.items) {
      console.log(
        `${row.id}  ${row.recipientUnit.padEnd(10)} ${row.channel.padEnd(8)} ${row.address}  尝试 ${row.attempts} 次  ${iso(row.createdAt)}  ${row.lastError ?? ''}`,
      );
    }
    console.log(`共 ${page.total} 条死信`);
  },
};

export const notificationsRetryCommand: CliCommand = {
  name: ['notifications', 'retry'],
  summary: 'put dead deliveries back in the queue: given ids, or --all',
  async run(args) {
    const usage = '用法：cascade notifications retry ID… | --all';
    const { values, positionals } = options(args, usage);
    if (Boolean(values.all) === positionals.length > 0) throw new UsageError(usage);
    const retried = await withDatabase((dataSource) =>
      new NotificationDeliveriesRepository(dataSource).retryDead(values.all ? 'all' : positionals),
    );
    console.log(`已重新排队 ${retried} 条投递`);
  },
};
