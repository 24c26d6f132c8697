import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@cascade/config';
import { placeUnits, SHANXI_DEMO_UNITS, type UnitLevel, type UnitSeed } from '@cascade/domain/units';
import { loadNationalUnits } from '@cascade/domain/units/national.preset';
import { describeDatabase, openDatabase, UnitEntity, UnitsRepository } from '@cascade/persistence';
import { type CliCommand, UsageError } from './command';

const PRESETS: Record<string, () => readonly UnitSeed[]> = {
  'shanxi-demo': () => SHANXI_DEMO_UNITS,
  national: loadNationalUnits,
};
const LEVELS: readonly UnitLevel[] = ['national', 'province', 'city', 'county', 'township', 'member'];
const CSV_HEADER = ['code', 'name', 'parentCode', 'level'];
const CHUNK = 500;
/** Imports at least this large draw a progress bar. */
const PROGRESS_FROM = 2000;

export interface UnitsImportResult {
  total: number;
  created: number;
  updated: number;
  byLevel: Record<string, number>;
}

/** Splits one CSV line (RFC 4180 quotes, no embedded newlines). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Reads `code,name,parentCode,level` rows; a mistake names its line. */
export function parseUnitsCsv(text: string): UnitSeed[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '');
  if (header.join(',') !== CSV_HEADER.join(','))
    throw new UsageError(`CSV 表头应为 ${CSV_HEADER.join(',')}，实际为 ${header.join(',')}`);
  const seeds: UnitSeed[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `第 ${index + 2} 行`;
    const [code, name, parentCode, level] = csvFields(line);
    if (!code || !/^[0-9A-Za-z_-]{1,32}$/.test(code))
      throw new UsageError(`${where}：单位代码 “${code ?? ''}” 无效（1–32 位字母、数字、-、_）`);
    if (!name) throw new UsageError(`${where}：单位名称为空`);
    if (!LEVELS.includes(level as UnitLevel))
      throw new UsageError(`${where}：级别 “${level ?? ''}” 无效，应为 ${LEVELS.join('|')}`);
    seeds.push({ code, name, parentCode: parentCode || null, level: level as UnitLevel });
  });
  return seeds;
}

function progressBar(total: number): (done: number) => void {
  if (total < PROGRESS_FROM) return () => undefined;
  const width = 30;
  let lastPercent = -1;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === lastPercent) return;
    lastPercent = percent;
    const filled = Math.round((done / total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${bar}${done === total ? '\n' : ''}`);
    else if (percent % 10 === 0) process.stderr.write(`${bar}\n`);
  };
}

/**
 * Upserts units with their paths; parents may be in the list or already in the database.
 * Repeating an import changes nothing.
 */
export async function importUnits(
  dataSource: DataSource,
  seeds: readonly UnitSeed[],
  onProgress: (done: number) => void = () => undefined,
): Promise<UnitsImportResult> {
  const repository = new UnitsRepository(dataSource);
  const known = await repository.pathsByCode();
  let placed;
  try {
    placed = placeUnits(seeds, known);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  for (let i = 0; i < placed.length; i += CHUNK) {
    await repository.upsertMany(placed.slice(i, i + CHUNK) as UnitEntity[]);
    onProgress(Math.min(i + CHUNK, placed.length));
  }
  const created = placed.filter((unit) => !known.has(unit.code)).length;
  const byLevel: Record<string, number> = {};
  for (const unit of placed) byLevel[unit.level] = (byLevel[unit.level] ?? 0) + 1;
  return { total: placed.length, created, updated: placed.length - created, byLevel };
}

function readSource(args: string[]): { label: string; seeds: readonly UnitSeed[] } {
  if (args[0] === '--preset') {
    const name = args[1] ?? '';
    const preset = PRESETS[name];
    if (!preset || args.length !== 2)
      throw new UsageError(`用法：cascade units import --preset ${Object.keys(PRESETS).join('|')} | FILE.csv`);
    return { label: `preset ${name}`, seeds: preset() };
  }
  if (args.length !== 1 || args[0].startsWith('-'))
    throw new UsageError(`用法：cascade units import --preset ${Object.keys(PRESETS).join('|')} | FILE.csv`);
  if (!fs.existsSync(args[0])) throw new UsageError(`文件不存在：${args[0]}`);
  return { label: args[0], seeds: parseUnitsCsv(fs.readFileSync(args[0], 'utf8')) };
}

export const unitsImportCommand: CliCommand = {
  name: ['units', 'import'],
  summary: 'import units: --preset shanxi-demo | --preset national | FILE.csv (code,name,parentCode,level); repeatable',
  async run(args) {
    const { label, seeds } = readSource(args);
    const { database } = loadConfig();
    const dataSource = await openDatabase(database);
    try {
      const result = await importUnits(dataSource, seeds, progressBar(seeds.length));
      const levels = LEVELS.filter((level) => result.byLevel[level]).map(
        (level) => `${level} ${result.byLevel[level]}`,
      );
      console.log(
        `${describeDatabase(database)}: 导入 ${label}，共 ${result.total} 个单位（新增 ${result.created}，更新 ${result.updated}）`,
      );
      console.log(`  ${levels.join(', ')}`);
    } finally {
      await dataSource.destroy();
    }
  },
};
