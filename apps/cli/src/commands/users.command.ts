import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@cascade/config';
import {
  API_ROLES,
  type ApiRole,
  generatePassword,
  openDatabase,
  parseRole,
  passwordProblem,
  PeopleRepository,
  ROLE_NAMES,
  UnitsRepository,
} from '@cascade/persistence';
import { type CliCommand, UsageError } from './command';
import { csvFields } from './units-import.command';

const ROLE_CHOICES = API_ROLES.map((role) => `${role}/${ROLE_NAMES[role]}`).join('、');
const CREATE_USAGE =
  '用法：cascade users create --login 账号 --name 姓名 --unit 单位代码 --role clerk|leader|supervisor|admin [--mobile 手机] [--password 密码]';
const IMPORT_HEADER = ['账号', '姓名', '单位代码', '角色', '手机'];
const LOGIN = /^[A-Za-z0-9_.@-]{1,64}$/;
const MOBILE = /^1[3-9][0-9]{9}$/;

/** One person as typed on the command line or a CSV line, before it is checked. */
interface PersonInput {
  login: string;
  name: string;
  unitCode: string;
  role: string;
  mobile?: string;
}

/** What is wrong with a person to create (in Chinese), or its role when nothing is. */
async function check(
  input: PersonInput,
  people: PeopleRepository,
  units: UnitsRepository,
): Promise<{ problem: string } | { role: ApiRole }> {
  if (!LOGIN.test(input.login)) return { problem: `账号 “${input.login}” 无效：1–64 个字母、数字或 _ . @ -` };
  if (!input.name || input.name.length > 100) return { problem: '姓名应为 1–100 个字符' };
  const role = parseRole(input.role);
  if (!role) return { problem: `角色 “${input.role}” 无效，应为 ${ROLE_CHOICES}` };
  if (input.mobile && !MOBILE.test(input.mobile)) return { problem: `手机 “${input.mobile}” 无效：应为 11 位手机号` };
  if (!(await units.findByCode(input.unitCode)))
    return { problem: `单位 ${input.unitCode || '（空）'} 不存在（先 cascade units import）` };
  if (await people.findByLogin(input.login)) return { problem: `账号 ${input.login} 已存在` };
  return { role };
}

async function withRepositories<T>(work: (people: PeopleRepository, units: UnitsRepository) => Promise<T>): Promise<T> {
  const dataSource = await openDatabase(loadConfig().database);
  try {
    return await work(new PeopleRepository(dataSource), new UnitsRepository(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

export const usersCreateCommand: CliCommand = {
  name: ['users', 'create'],
  summary:
    'create a person who signs in (账号, 姓名, unit, role); without --password one is generated and printed once',
  async run(args) {
    let values: Record<string, string | undefined>;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          login: { type: 'string' },
          name: { type: 'string' },
          unit: { type: 'string' },
          role: { type: 'string' },
          mobile: { type: 'string' },
          password: { type: 'string' },
        },
        strict: true,
      }));
    } catch (error) {
      throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${CREATE_USAGE}`);
    }
    if (!values.login || !values.name || !values.unit || !values.role) throw new UsageError(CREATE_USAGE);
    const generated = values.password === undefined;
    const password = values.password ?? generatePassword();
    const problem = passwordProblem(password);
    if (problem) throw new UsageError(`--password 不符合要求：${problem}`);
    const input = {
      login: values.login,
      name: values.name,
      unitCode: values.unit,
      role: values.role,
      mobile: values.mobile,
    };
    const created = await withRepositories(async (people, units) => {
      const checked = await check(input, people, units);
      if ('problem' in checked) throw new UsageError(checked.problem);
      return people.create({ ...input, role: checked.role, mobile: input.mobile || null, password });
    });
    console.log(`已创建 ${created.login}  ${created.name}  ${created.unitCode}  ${ROLE_NAMES[created.role]}`);
    if (generated) console.log(`初始密码（只显示这一次）：${password}`);
  },
};

/** One line of an import: created (with its generated password) or refused (why). */
export type ImportLine =
  | { line: number; login: string; created: true; password: string }
  | { line: number; login: string; created: false; problem: string };

/**
 * Creates the people of a CSV (`账号,姓名,单位代码,角色,手机`; roles in English or Chinese). Every
 * good line is kept; each bad one is reported with its line number and why.
 */
export async function importPeople(
  text: string,
  people: PeopleRepository,
  units: UnitsRepository,
): Promise<ImportLine[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '');
  if (header.join(',') !== IMPORT_HEADER.join(',') && header.join(',') !== IMPORT_HEADER.slice(0, 4).join(','))
    throw new UsageError(`CSV 表头应为 ${IMPORT_HEADER.join(',')}，实际为 ${header.join(',')}`);
  const results: ImportLine[] = [];
  for (const [index, text] of lines.slice(1).entries()) {
    if (text.trim() === '') continue;
    const [login = '', name = '', unitCode = '', role = '', mobile = ''] = csvFields(text);
    const line = index + 2;
    const checked = await check({ login, name, unitCode, role, mobile }, people, units);
    if ('problem' in checked) {
      results.push({ line, login, created: false, problem: checked.problem });
      continue;
    }
    const password = generatePassword();
    await people.create({ login, name, unitCode, role: checked.role, mobile: mobile || null, password });
    results.push({ line, login, created: true, password });
  }
  return results;
}

export const usersImportCommand: CliCommand = {
  name: ['users', 'import'],
  summary: 'create people from a CSV (账号,姓名,单位代码,角色,手机); prints each one’s initial password once',
  async run(args) {
    if (args.length !== 1) throw new UsageError('用法：cascade users import FILE.csv');
    let text: string;
    try {
      text = fs.readFileSync(args[0], 'utf8');
    } catch {
      throw new UsageError(`无法读取文件 ${args[0]}`);
    }
    const results = await withRepositories((people, units) => importPeople(text, people, units));
    for (const result of results)
      console.log(
        result.created
          ? `第 ${result.line} 行 ${result.login}：已创建，初始密码 ${result.password}`
          : `第 ${result.line} 行 ${result.login}：未导入，${result.problem}`,
      );
    const bad = results.filter((result) => !result.created).length;
    console.log(`共 ${results.length} 行：创建 ${results.length - bad} 人，${bad} 行有误`);
    return bad > 0 ? 1 : 0;
  },
};

export const usersDisableCommand: CliCommand = {
  name: ['users', 'disable'],
  summary: 'disable a person by 账号: sign-in is refused and every session ends',
  async run(args) {
    if (args.length !== 1) throw new UsageError('用法：cascade users disable 账号');
    const person = await withRepositories((people) => people.setDisabled(args[0], true));
    if (!person) throw new UsageError(`账号 ${args[0]} 不存在`);
    console.log(`已停用 ${person.login}（${person.name}）`);
  },
};

export const usersListCommand: CliCommand = {
  name: ['users', 'list'],
  summary: 'list people (never their passwords), optionally of one unit',
  async run(args) {
    let unit: string | undefined;
    try {
      unit = parseArgs({ args, options: { unit: { type: 'string' } }, strict: true }).values.unit;
    } catch (error) {
      throw new UsageError(
        `${error instanceof Error ? error.message : String(error)}\n用法：cascade users list [--unit 单位代码]`,
      );
    }
    const rows = await withRepositories((people) => people.list(unit));
    for (const row of rows)
      console.log(
        `${row.login.padEnd(20)} ${row.name}  ${row.unitCode}  ${ROLE_NAMES[row.role]}  ${row.mobile ?? ''}  ${row.disabled ? '已停用' : '正常'}`,
      );
    console.log(`共 ${rows.length} 人`);
  },
};
