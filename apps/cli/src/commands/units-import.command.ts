import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '@cascade/config';
import {
  placeUnits,
  SHANXI_DEMO_RELATIONS,
  SHANXI_DEMO_UNITS,
  type UnitLevel,
  type UnitRelationSeed,
  type UnitSeed,
} from '@cascade/domain/units';
import { loadNationalUnits } from '@cascade/domain/units/national.preset';
import { describeDatabase, openDatabase, UnitEntity, UnitRelationEntity, UnitsRepository } from '@cascade/persistence';
import { type CliCommand, UsageError } from './command';

/** What an import brings: units, and the relations they declare (who may issue to whom besides subordinates). */
export interface UnitsSource {
  units: readonly UnitSeed[];
  relations: readonly UnitRelationSeed[];
}

const PRESETS: Record<string, () => UnitsSource> = {
  'shanxi-demo': () => ({ units: SHANXI_DEMO_UNITS, relations: SHANXI_DEMO_RELATIONS }),
  national: () => ({ units: loadNationalUnits(), relations: [] }),
};
const LEVELS: readonly UnitLevel[] = ['national', 'province', 'city', 'county', 'township', 'member'];
const CSV_HEADER = ['code', 'name', 'parentCode', 'level'];
const RELATIONS_HEADER = ['unitCode', 'relatedCode', 'kind'];
const CODE = /^[0-9A-Za-z_-]{1,32}$/;
const CHUNK = 500;
/** Imports at least this large draw a progress bar. */
const PROGRESS_FROM = 2000;

export interface UnitsImportResult {
  total: number;
  created: number;
  updated: number;
  byLevel: Record<string, number>;
  relations: number;
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

/**
 * Reads a units file: `code,name,parentCode,level` rows, or (by its header) `unitCode,relatedCode,kind`
 * relation rows; a mistake names its line.
 */
export function parseUnitsFile(text: string): UnitsSource {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').join(',');
  if (header === RELATIONS_HEADER.join(',')) return { units: [], relations: parseRelationRows(lines) };
  return { units: parseUnitsCsv(text), relations: [] };
}

function parseRelationRows(lines: string[]): UnitRelationSeed[] {
  const relations: UnitRelationSeed[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `第 ${index + 2} 行`;
    const [unitCode, relatedCode, kind] = csvFields(line);
    for (const code of [unitCode, relatedCode])
      if (!code || !CODE.test(code))
        throw new UsageError(`${where}：单位代码 “${code ?? ''}” 无效（1–32 位字母、数字、-、_）`);
    if (unitCode === relatedCode) throw new UsageError(`${where}：单位不能与自身建立发文关系`);
    if (!kind || kind.length > 64) throw new UsageError(`${where}：关系类型应为 1–64 个字符`);
    relations.push({ unitCode, relatedCode, kind });
  });
  return relations;
}

/** Reads `code,name,parentCode,level` rows; a mistake names its line. */
export function parseUnitsCsv(text: string): UnitSeed[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '');
  if (header.join(',') !== CSV_HEADER.join(','))
    throw new UsageError(
      `CSV 表头应为 ${CSV_HEADER.join(',')}（单位）或 ${RELATIONS_HEADER.join(',')}（发文关系），实际为 ${header.join(',')}`,
    );
  const seeds: UnitSeed[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `第 ${index + 2} 行`;
    const [code, name, parentCode, level] = csvFields(line);
    if (!code || !CODE.test(code))
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
 * Upserts units with their paths, then the relations; parents and related units may be in the
 * import or already in the database. Repeating an import changes nothing.
 */
export async function importUnits(
  dataSource: DataSource,
  source: UnitsSource,
  onProgress: (done: number) => void = () => undefined,
): Promise<UnitsImportResult> {
  const seeds = source.units;
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
  const registered = new Set([...known.keys(), ...placed.map((unit) => unit.code)]);
  const unknown = source.relations
    .flatMap((relation) => [relation.unitCode, relation.relatedCode])
    .filter((code, i, all) => !registered.has(code) && all.indexOf(code) === i);
  if (unknown.length) throw new UsageError(`发文关系中的单位不存在：${unknown.join('、')}`);
  await repository.upsertRelations(source.relations.map((relation) => ({ ...relation }) as UnitRelationEntity));
  const created = placed.filter((unit) => !known.has(unit.code)).length;
  const byLevel: Record<string, number> = {};
  for (const unit of placed) byLevel[unit.level] = (byLevel[unit.level] ?? 0) + 1;
  return {
    total: placed.length,
    created,
    updated: placed.length - created,
    byLevel,
    relations: source.relations.length,
  };
}

function readSource(args: string[]): { label: string; source: UnitsSource } {
  if (args[0] === '--preset') {
    const name = args[1] ?? '';
    const preset = PRESETS[name];
    if (!preset || args.length !== 2)
      throw new UsageError(`用法：cascade units import --preset ${Object.keys(PRESETS).join('|')} | FILE.csv`);
    return { label: `preset ${name}`, source: preset() };
  }
  if (args.length !== 1 || args[0].startsWith('-'))
    throw new UsageError(`用法：cascade units import --preset ${Object.keys(PRESETS).join('|')} | FILE.csv`);
  if (!fs.existsSync(args[0])) throw new UsageError(`文件不存在：${args[0]}`);
  return { label: args[0], source: parseUnitsFile(fs.readFileSync(args[0], 'utf8')) };
}

export const unitsImportCommand: CliCommand = {
  name: ['units', 'import'],
  summary:
    'import units: --preset shanxi-demo | --preset national | FILE.csv (code,name,parentCode,level, or relations: unitCode,relatedCode,kind); repeatable',
  async run(args) {
    const { label, source } = readSource(args);
    const { database } = loadConfig();
    const dataSource = await openDatabase(database);
    try {
      const result = await importUnits(dataSource, source, progressBar(source.units.length));
      const levels = LEVELS.filter((level) => result.byLevel[level]).map(
        (level) => `${level} ${result.byLevel[level]}`,
      );
      console.log(
        `${describeDatabase(database)}: 导入 ${label}，共 ${result.total} 个单位（新增 ${result.created}，更新 ${result.updated}）`,
      );
      if (levels.length) console.log(`  ${levels.join(', ')}`);
      if (result.relations) console.log(`  发文关系 ${result.relations} 条`);
    } finally {
      await dataSource.destroy();
    }
  },
};
