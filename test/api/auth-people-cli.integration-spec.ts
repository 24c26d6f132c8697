import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@cascade/config';
import {
  openDatabase,
  PeopleRepository,
  readDemoAccounts,
  UnitsRepository,
  verifyPassword,
} from '@cascade/persistence';
import { UsageError } from '../../apps/cli/src/commands/command';
import { ensureDemoPeople } from '../../apps/cli/src/demo/demo-people';
import { unitsImportCommand } from '../../apps/cli/src/commands/units-import.command';
import {
  usersCreateCommand,
  usersDisableCommand,
  usersImportCommand,
  usersListCommand,
} from '../../apps/cli/src/commands/users.command';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases';

const databaseUrl = (config: DatabaseConfig) => (config.type === 'mysql' ? config.url : `sqlite:${config.database}`);

/** Runs a command as `cascade …` would: its exit code and what it printed on stdout. */
async function run(
  command: { run(args: string[]): Promise<number | void> },
  args: string[],
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const code = (await command.run(args)) ?? 0;
    return { code, lines };
  } finally {
    log.mockRestore();
  }
}

describe.each(databaseKinds())('cascade users (%s)', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let people: PeopleRepository;
  let dir: string;
  const saved = process.env.DATABASE_URL;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    process.env.DATABASE_URL = databaseUrl(db.config);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-users-'));
    await run(unitsImportCommand, ['--preset', 'shanxi-demo']);
    dataSource = await openDatabase(db.config, { migrate: false });
    people = new PeopleRepository(dataSource);
  });

  afterAll(async () => {
    process.env.DATABASE_URL = saved;
    await dataSource?.destroy();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a person with a given password, and one with a generated password printed once', async () => {
    const given = await run(usersCreateCommand, [
      '--login',
      'yaodu-01',
      '--name',
      '尧都区民政局收文员',
      '--unit',
      '141002',
      '--role',
      'clerk',
      '--mobile',
      '13800000001',
      '--password',
      'Yaodu2026clerk',
    ]);
    expect(given.lines).toEqual(['已创建 yaodu-01  尧都区民政局收文员  141002  收文员']);
    const stored = await people.findByLogin('yaodu-01');
    expect(stored).toMatchObject({ unitCode: '141002', role: 'clerk', mobile: '13800000001', disabled: false });
    await expect(verifyPassword('Yaodu2026clerk', stored!.passwordHash)).resolves.toBe(true);

    const generated = await run(usersCreateCommand, [
      '--login',
      'linfen-leader',
      '--name',
      '临汾市民政局领导',
      '--unit',
      '141000',
      '--role',
      'leader',
    ]);
    const password = /^初始密码（只显示这一次）：(\S+)$/.exec(generated.lines[1])?.[1];
    expect(password).toMatch(/^(?=.*[A-Za-z])(?=.*[0-9]).{14}$/);
    await expect(verifyPassword(password!, (await people.findByLogin('linfen-leader'))!.passwordHash)).resolves.toBe(
      true,
    );
  });

  it('refuses a weak password, an unknown unit, an unknown role and a 账号 taken', async () => {
    const base = ['--login', 'x1', '--name', '某人', '--unit', '141000', '--role', 'clerk'];
    const refusal = (args: string[]) =>
      run(usersCreateCommand, args).then(
        () => null,
        (error: Error) => error,
      );
    await expect(refusal([...base, '--password', 'short1'])).resolves.toEqual(
      new UsageError('--password 不符合要求：密码至少 10 个字符'),
    );
    await expect(refusal([...base.slice(0, 5), '999999', '--role', 'clerk'])).resolves.toEqual(
      new UsageError('单位 999999 不存在（先 cascade units import）'),
    );
    await expect(refusal([...base.slice(0, 7), 'boss'])).resolves.toBeInstanceOf(UsageError);
    await expect(refusal(['--login', 'yaodu-01', ...base.slice(2)])).resolves.toEqual(
      new UsageError('账号 yaodu-01 已存在'),
    );
  });

  it('imports a CSV: good lines kept, bad lines named in Chinese, roles in Chinese or English', async () => {
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(
      file,
      [
        '\uFEFF账号,姓名,单位代码,角色,手机',
        'quwo-clerk,曲沃县民政局收文员,141021,收文员,13800000002',
        'sx-supervisor,山西省民政厅督查,140000,supervisor,',
        'bad-role,某人,141000,科员,',
        'bad-unit,某人,999999,领导,',
        'yaodu-01,重复的人,141002,clerk,',
        'bad-mobile,某人,141000,clerk,12345',
        'sx-leader,"山西省民政厅领导",140000,领导,',
        '',
      ].join('\r\n'),
    );
    const { code, lines } = await run(usersImportCommand, [file]);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^第 2 行 quwo-clerk：已创建，初始密码 \S{14}$/);
    expect(lines[1]).toMatch(/^第 3 行 sx-supervisor：已创建，初始密码 \S{14}$/);
    expect(lines.slice(2, 6)).toEqual([
      '第 4 行 bad-role：未导入，角色 “科员” 无效，应为 clerk/收文员、leader/领导、supervisor/督查、admin/管理员',
      '第 5 行 bad-unit：未导入，单位 999999 不存在（先 cascade units import）',
      '第 6 行 yaodu-01：未导入，账号 yaodu-01 已存在',
      '第 7 行 bad-mobile：未导入，手机 “12345” 无效：应为 11 位手机号',
    ]);
    expect(lines[6]).toMatch(/^第 8 行 sx-leader：已创建/);
    expect(lines[7]).toBe('共 7 行：创建 3 人，4 行有误');
    expect(await people.findByLogin('quwo-clerk')).toMatchObject({ role: 'clerk', mobile: '13800000002' });
    expect(await people.findByLogin('sx-supervisor')).toMatchObject({ role: 'supervisor', mobile: null });
    expect(await people.findByLogin('sx-leader')).toMatchObject({ role: 'leader', name: '山西省民政厅领导' });
    expect(await people.findByLogin('bad-role')).toBeNull();
    expect((await people.findByLogin('yaodu-01'))?.name).toBe('尧都区民政局收文员');
  });

  it('refuses a CSV with another header', async () => {
    const file = path.join(dir, 'wrong.csv');
    fs.writeFileSync(file, 'login,name,unit,role\nx,y,141000,clerk\n');
    await expect(run(usersImportCommand, [file])).rejects.toThrow('CSV 表头应为 账号,姓名,单位代码,角色,手机');
  });

  it('lists people, of one unit too, and disables a person', async () => {
    const all = await run(usersListCommand, []);
    expect(all.lines.at(-1)).toBe('共 5 人');
    const yaodu = await run(usersListCommand, ['--unit', '141002']);
    expect(yaodu.lines).toHaveLength(2);
    expect(yaodu.lines[0]).toMatch(/^yaodu-01\s+尧都区民政局收文员 {2}141002 {2}收文员 {2}13800000001 {2}正常$/);
    expect((await run(usersDisableCommand, ['yaodu-01'])).lines).toEqual(['已停用 yaodu-01（尧都区民政局收文员）']);
    expect((await people.findByLogin('yaodu-01'))?.disabled).toBe(true);
    await expect(run(usersDisableCommand, ['nobody'])).rejects.toThrow('账号 nobody 不存在');
  });

  it('seeds the demo people once, with one password kept in the data dir, and restores it when changed', async () => {
    const units = new UnitsRepository(dataSource);
    const first = await ensureDemoPeople(people, units, dir);
    expect(first.accounts.map((a) => [a.login, a.name, a.role])).toEqual([
      ['shanxi-supervisor', '山西省民政厅督查', 'supervisor'],
      ['shanxi-clerk', '山西省民政厅收文员', 'clerk'],
      ['linfen-clerk', '临汾市民政局收文员', 'clerk'],
      ['linfen-leader', '临汾市民政局领导', 'leader'],
      ['yaodu-clerk', '尧都区民政局收文员', 'clerk'],
    ]);
    expect(readDemoAccounts(dir)).toEqual(first);
    expect(fs.statSync(path.join(dir, 'demo-accounts.json')).mode & 0o077).toBe(0);
    const linfen = (await people.findByLogin('linfen-clerk'))!;
    await expect(verifyPassword(first.password, linfen.passwordHash)).resolves.toBe(true);

    await people.setPassword(linfen.id, 'Changed2026elsewhere');
    expect(await ensureDemoPeople(people, units, dir)).toEqual(first);
    await expect(
      verifyPassword(first.password, (await people.findByLogin('linfen-clerk'))!.passwordHash),
    ).resolves.toBe(true);
    expect((await people.list()).filter((p) => p.login === 'linfen-clerk')).toHaveLength(1);
  });
});
