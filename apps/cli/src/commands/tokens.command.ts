import { parseArgs } from 'node:util';
import { loadConfig } from '@cascade/config';
import { DurationSpecError, parseDurationSpec } from '@cascade/domain';
import { API_ROLES, type ApiRole, openDatabase, TokensRepository, UnitsRepository } from '@cascade/persistence';
import { type CliCommand, UsageError } from './command';

const CREATE_USAGE = `用法：cascade tokens create --unit CODE --role ${API_ROLES.join('|')} [--expires-in P30D] [--name TEXT]`;

function parseOptions(args: string[], usage: string) {
  try {
    return parseArgs({
      args,
      options: {
        unit: { type: 'string' },
        role: { type: 'string' },
        'expires-in': { type: 'string' },
        name: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
}

function expiresAt(spec: string | undefined, now: number): number | null {
  if (spec === undefined) return null;
  try {
    const duration = parseDurationSpec(spec);
    if (duration.kind === 'fixed' && duration.ms > 0) return now + duration.ms;
  } catch (error) {
    if (!(error instanceof DurationSpecError)) throw error;
  }
  throw new UsageError(`--expires-in “${spec}” 无效：应为 ISO-8601 时长，如 P30D、PT12H`);
}

async function withRepositories<T>(work: (tokens: TokensRepository, units: UnitsRepository) => Promise<T>): Promise<T> {
  const dataSource = await openDatabase(loadConfig().database);
  try {
    return await work(new TokensRepository(dataSource), new UnitsRepository(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

const iso = (epochMs: number | null) => (epochMs === null ? '永不过期' : new Date(epochMs).toISOString());

export const tokensCreateCommand: CliCommand = {
  name: ['tokens', 'create'],
  summary: `create an API token for a unit and role (${API_ROLES.join('|')}); the token is the last line of output`,
  async run(args) {
    const { values, positionals } = parseOptions(args, CREATE_USAGE);
    if (positionals.length || !values.unit || !values.role) throw new UsageError(CREATE_USAGE);
    if (!API_ROLES.includes(values.role as ApiRole))
      throw new UsageError(`--role “${values.role}” 无效，应为 ${API_ROLES.join('|')}`);
    const now = Date.now();
    const expires = expiresAt(values['expires-in'], now);
    const unitCode = values.unit;
    const issued = await withRepositories(async (tokens, units) => {
      const unit = await units.findByCode(unitCode);
      if (!unit) throw new UsageError(`单位 ${unitCode} 不存在（先 cascade units import）`);
      const created = await tokens.create(
        { unitCode, role: values.role as ApiRole, name: values.name ?? null, expiresAt: expires },
        now,
      );
      return { ...created, unitName: unit.name };
    });
    console.log(`id ${issued.id}  ${unitCode} ${issued.unitName}  ${values.role}  有效期至 ${iso(expires)}`);
    console.log(issued.token);
  },
};

export const tokensRevokeCommand: CliCommand = {
  name: ['tokens', 'revoke'],
  summary: 'revoke an API token by its id',
  async run(args) {
    if (args.length !== 1) throw new UsageError('用法：cascade tokens revoke ID');
    const revoked = await withRepositories((tokens) => tokens.revoke(args[0]));
    if (!revoked) throw new UsageError(`没有可吊销的令牌 ${args[0]}（不存在或已吊销）`);
    console.log(`已吊销令牌 ${args[0]}`);
  },
};

export const tokensListCommand: CliCommand = {
  name: ['tokens', 'list'],
  summary: 'list API tokens (never their secrets)',
  async run() {
    const now = Date.now();
    const rows = await withRepositories((tokens) => tokens.list());
    for (const row of rows) {
      const state = row.revokedAt !== null ? '已吊销' : TokensRepository.isActive(row, now) ? '有效' : '已过期';
      console.log(
        `${row.id}  ${row.unitCode.padEnd(10)} ${row.role.padEnd(10)} ${state}  ${iso(row.expiresAt)}  ${row.name ?? ''}`,
      );
    }
  },
};
