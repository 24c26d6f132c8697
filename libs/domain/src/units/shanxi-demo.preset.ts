import type { UnitRelationSeed, UnitSeed } from './unit-seed';

const city = (code: string, name: string): UnitSeed => ({
  code,
  name: `${name}民政局`,
  parentCode: '140000',
  level: 'city',
});
const county = (code: string, name: string): UnitSeed => ({
  code,
  name: `${name}民政局`,
  parentCode: '141000',
  level: 'county',
});
const member = (suffix: string, name: string): UnitSeed => ({
  code: `140000M${suffix}`,
  name,
  parentCode: '140000',
  level: 'member',
});

/**
 * The hierarchy of the reference scenario (docs/reference-scenario.md): 民政部 → 山西省民政厅 with its 11 city
 * offices and several 省老龄委成员单位 → 临汾市民政局 with its 17 county-level offices. 省老龄办 sits in the
 * 省卫生健康委员会, which hosts it; it issues to the committee's members by the relations below.
 */
export const SHANXI_DEMO_UNITS: readonly UnitSeed[] = [
  { code: '000000', name: '民政部', parentCode: null, level: 'national' },
  { code: '140000', name: '山西省民政厅', parentCode: '000000', level: 'province' },
  city('140100', '太原市'),
  city('140200', '大同市'),
  city('140300', '阳泉市'),
  city('140400', '长治市'),
  city('140500', '晋城市'),
  city('140600', '朔州市'),
  city('140700', '晋中市'),
  city('140800', '运城市'),
  city('140900', '忻州市'),
  city('141000', '临汾市'),
  city('141100', '吕梁市'),
  member('01', '省委老干部局'),
  member('02', '省教育厅'),
  member('03', '省人力资源和社会保障厅'),
  member('04', '省文化和旅游厅'),
  member('05', '省卫生健康委员会'),
  member('06', '省老年人体育协会'),
  { code: '140000M05L', name: '山西省老龄工作委员会办公室', parentCode: '140000M05', level: 'member' },
  county('141002', '尧都区'),
  county('141021', '曲沃县'),
  county('141022', '翼城县'),
  county('141023', '襄汾县'),
  county('141024', '洪洞县'),
  county('141025', '古县'),
  county('141026', '安泽县'),
  county('141027', '浮山县'),
  county('141028', '吉县'),
  county('141029', '乡宁县'),
  county('141030', '大宁县'),
  county('141031', '隰县'),
  county('141032', '永和县'),
  county('141033', '蒲县'),
  county('141034', '汾西县'),
  county('141081', '侯马市'),
  county('141082', '霍州市'),
];

/** 省老龄办 issues to the 省老龄委成员单位 (民政厅 among them) in the name of 省老龄委. */
export const SHANXI_DEMO_RELATIONS: readonly UnitRelationSeed[] = [
  '140000',
  ...['01', '02', '03', '04', '05', '06'].map((n) => `140000M${n}`),
].map((relatedCode) => ({ unitCode: '140000M05L', relatedCode, kind: '省老龄委成员单位' }));
