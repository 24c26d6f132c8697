import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@cascade/config';
import { openDatabase, TokensRepository, UnitEntity, UnitRelationEntity } from '@cascade/persistence';
import { UsageError } from '../../apps/cli/src/commands/command';
import {
  tokensCreateCommand,
  tokensListCommand,
  tokensRevokeCommand,
} from '../../apps/cli/src/commands/tokens.command';
import { parseUnitsCsv, parseUnitsFile, unitsImportCommand } from '../../apps/cli/src/commands/units-import.command';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

const databaseUrl = (config: DatabaseConfig) => (config.type === 'mysql' ? config.url : `sqlite:${config.database}`);

/** Runs a command as `cascade …` would, returning what it printed on stdout. */
async function run(command: { run(args: string[]): Promise<number | void> }, args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await command.run(args);
    return lines.join('\n').split('\n');
  } finally {
    log.mockRestore();
    stderr.mockRestore();
  }
}

describe.each(databaseKinds())('cascade units import and cascade tokens (%s)', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let dir: string;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    process.env.DATABASE_URL = databaseUrl(db.config);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-cli-'));
  });

  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    await dataSource?.destroy();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const units = () => dataSource.getRepository(UnitEntity);

  it('imports the shanxi-demo preset, and again without change', async () => {
    const first = await run(unitsImportCommand, ['--preset', 'shanxi-demo']);
    expect(first[0]).toMatch(/共 37 个单位（新增 37，更新 0）/);
    expect(first[1]).toBe('  national 1, province 1, city 11, county 17, member 7');
    expect(first[2]).toBe('  发文关系 7 条');
    const second = await run(unitsImportCommand, ['--preset', 'shanxi-demo']);
    expect(second[0]).toMatch(/共 37 个单位（新增 0，更新 37）/);
    dataSource = await openDatabase(db.config, { migrate: false });
    expect(await units().count()).toBe(37);
    const relations = dataSource.getRepository(UnitRelationEntity);
    expect(await relations.count()).toBe(7);
    expect(await relations.findOneBy({ unitCode: '140000M05L', relatedCode: '140000M02' })).toMatchObject({
      kind: '省老龄委成员单位',
    });
    expect(await units().findOneBy({ code: '141002' })).toMatchObject({
      name: '尧都区民政局',
      parentCode: '141000',
      level: 'county',
      path: '000000/140000/141000/141002/',
    });
  });

  it('imports a CSV whose parents are in the file or already in the database', async () => {
    const file = path.join(dir, 'units.csv');
    fs.writeFileSync(
      file,
      '\uFEFFcode,name,parentCode,level\r\n141000M01,"临汾市老龄委办公室",141000,member\r\n141000M0101,"老龄委 ""银龄行动"" 专班",141000M01,member\r\n',
    );
    const output = await run(unitsImportCommand, [file]);
    expect(output[0]).toMatch(/新增 2，更新 0/);
    expect(await units().findOneBy({ code: '141000M0101' })).toMatchObject({
      name: '老龄委 "银龄行动" 专班',
      path: '000000/140000/141000/141000M01/141000M0101/',
    });
  });

  it('refuses a CSV with a wrong header, a bad level or an unknown parent, naming the problem', async () => {
    expect(() => parseUnitsCsv('code,name,level\n1,a,city')).toThrow(/表头/);
    expect(() => parseUnitsCsv('code,name,parentCode,level\n1,a,,planet')).toThrow(/第 2 行.*级别/);
    const file = path.join(dir, 'orphan.csv');
    fs.writeFileSync(file, 'code,name,parentCode,level\n990000,孤儿单位,980000,province\n');
    await expect(run(unitsImportCommand, [file])).rejects.toThrow(new UsageError('上级单位 980000 不存在'));
    await expect(run(unitsImportCommand, ['--preset', 'mars'])).rejects.toBeInstanceOf(UsageError);
  });

  it('imports declared relations from a file with the relations header; their units must exist', async () => {
    const file = path.join(dir, 'relations.csv');
    fs.writeFileSync(file, 'unitCode,relatedCode,kind\n141000M01,141000,临汾市老龄委成员单位\n');
    const output = await run(unitsImportCommand, [file]);
    expect(output).toContain('  发文关系 1 条');
    expect(
      await dataSource.getRepository(UnitRelationEntity).findOneBy({ unitCode: '141000M01', relatedCode: '141000' }),
    ).toMatchObject({ kind: '临汾市老龄委成员单位' });
    fs.writeFileSync(file, 'unitCode,relatedCode,kind\n141000M01,989898,成员\n');
    await expect(run(unitsImportCommand, [file])).rejects.toThrow(new UsageError('发文关系中的单位不存在：989898'));
    expect(() => parseUnitsFile('unitCode,relatedCode,kind\n141000,141000,x')).toThrow(/第 2 行.*自身/);
    expect(() => parseUnitsFile('unitCode,relatedCode,kind\n141000,141002,')).toThrow(/第 2 行.*关系类型/);
  });

  it('imports the national preset over the demo one, idempotently', async () => {
    const first = await run(unitsImportCommand, ['--preset', 'national']);
    expect(first[1]).toBe('  national 1, province 31, city 333, county 2975, township 41352');
    const second = await run(unitsImportCommand, ['--preset', 'national']);
    expect(second[0]).toMatch(/新增 0，更新 44692/);
    expect(await units().count()).toBe(44692 + 7 + 2);
    expect(await units().findOneBy({ code: '141000' })).toMatchObject({
      name: '临汾市民政局',
      path: '000000/140000/141000/',
    });
  }, 300_000);

  it('creates a token printed alone on the last line, which then works until revoked', async () => {
    const output = await run(tokensCreateCommand, [
      '--unit',
      '141000',
      '--role',
      'clerk',
      '--expires-in',
      'P30D',
      '--name',
      '临汾 收文',
    ]);
    const token = output.at(-1)!;
    expect(token).toMatch(/^cas_[A-Za-z0-9_-]{43}$/);
    expect(output[0]).toMatch(/141000 临汾市民政局 {2}clerk/);
    const tokens = new TokensRepository(dataSource);
    const record = (await tokens.findByToken(token))!;
    expect(record).toMatchObject({ unitCode: '141000', role: 'clerk', name: '临汾 收文', revokedAt: null });
    expect(record.expiresAt! - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(record.tokenHash).not.toContain(token);
    expect(TokensRepository.isActive(record)).toBe(true);

    expect((await run(tokensListCommand, [])).join('\n')).toContain(record.id);
    expect(await run(tokensRevokeCommand, [record.id])).toEqual([`已吊销令牌 ${record.id}`]);
    expect(TokensRepository.isActive((await tokens.findByToken(token))!)).toBe(false);
    await expect(run(tokensRevokeCommand, [record.id])).rejects.toBeInstanceOf(UsageError);
  });

  it.each([
    [['--unit', '141000', '--role', 'boss'], /--role/],
    [['--unit', '999999', '--role', 'clerk'], /单位 999999 不存在/],
    [['--unit', '141000', '--role', 'clerk', '--expires-in', '2wd'], /--expires-in/],
    [['--unit', '141000'], /用法/],
    [['--unit', '141000', '--role', 'clerk', '--colour', 'red'], /colour/],
  ])('refuses cascade tokens create %j', async (args, message) => {
    await expect(run(tokensCreateCommand, args)).rejects.toThrow(message);
  });
});
