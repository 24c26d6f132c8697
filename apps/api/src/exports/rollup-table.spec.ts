import type { ReportForm } from '@cascade/contracts';
import { rollupTableRows } from './rollup-table';

const form: ReportForm = {
  fields: [
    { key: 'activities', label: '主题活动数', type: 'integer', unit: '次' },
    { key: 'level', label: '开展层级', type: 'single', options: ['市级', '县级'] },
    { key: 'startedOn', label: '启动日期', type: 'date' },
  ],
};
const heading = {
  docNumber: '晋民函〔2026〕12号',
  title: '通知',
  preparedBy: '山西省民政厅',
  preparedAt: '2026-12-02 10:00',
  deadline: '2026-12-20 18:00',
};
const none = { activities: 0, level: { 市级: 0, 县级: 0 } };

describe('rollupTableRows', () => {
  it('puts 小计 after each unit with units below, 未报 where nothing counts, and the total last', () => {
    const rows = [
      ...rollupTableRows(
        heading,
        form,
        [
          {
            unitName: '临汾市',
            level: 1,
            reported: false,
            values: null,
            subtree: { activities: 5, level: { 市级: 0, 县级: 2 } },
          },
          {
            unitName: '尧都区',
            level: 2,
            reported: true,
            values: { activities: 2, level: '县级', startedOn: '2026-03-01' },
            subtree: none,
          },
          { unitName: '曲沃县', level: 2, reported: true, values: { activities: 3, level: '县级' }, subtree: none },
          { unitName: '太原市', level: 1, reported: false, values: null, subtree: none },
        ],
        { activities: 5, level: { 市级: 0, 县级: 2 } },
      ),
    ];
    expect(rows.map((r) => r.kind)).toEqual([
      'heading',
      'heading',
      'heading',
      'header',
      'unit',
      'unit',
      'unit',
      'subtotal',
      'unit',
      'total',
    ]);
    expect(rows.slice(4).map((r) => r.cells)).toEqual([
      ['一级', '临汾市', '未报', null, null, null],
      ['二级', '\u3000尧都区', '已报', 2, '县级', '2026-03-01'],
      ['二级', '\u3000曲沃县', '已报', 3, '县级', null],
      ['一级', '临汾市 小计', null, 5, '县级2', null],
      ['一级', '太原市', '未报', null, null, null],
      [null, '合计', null, 5, '县级2', null],
    ]);
    expect(rows[1]!.cells.slice(0, 4)).toEqual(['文号', '晋民函〔2026〕12号', '填报截止', '2026-12-20 18:00']);
  });

  it('marks a period recipient that reported below its quotas 未达标, naming the figures', () => {
    const rows = [
      ...rollupTableRows(
        heading,
        form,
        [
          {
            unitName: '临汾市',
            level: 1,
            reported: true,
            shortfall: '主题活动数 0/1',
            values: { activities: 0 },
            subtree: none,
          },
          { unitName: '太原市', level: 1, reported: true, shortfall: null, values: { activities: 1 }, subtree: none },
        ],
        { activities: 1, level: { 市级: 0, 县级: 0 } },
      ),
    ];
    expect(rows.filter((r) => r.kind === 'unit').map((r) => r.cells[2])).toEqual([
      '已报（未达标：主题活动数 0/1）',
      '已报',
    ]);
  });
});
