import type { ReportForm } from '@cascade/contracts';
import { differingTotals, rollupTree } from './form-rollup';

const form: ReportForm = {
  fields: [
    { key: 'activities', label: '主题活动数', type: 'integer', unit: '次' },
    { key: 'funds', label: '投入资金', type: 'decimal', unit: '万元' },
    { key: 'level', label: '开展层级', type: 'single', options: ['市级', '县级'] },
    { key: 'kinds', label: '活动形式', type: 'multiple', options: ['讲座', '义诊'] },
    { key: 'note', label: '备注', type: 'text' },
    {
      key: 'teams',
      label: '服务队',
      type: 'table',
      columns: [{ key: 'name', label: '名称', type: 'text' }],
    },
  ],
};

describe('rollupTree', () => {
  const rollup = rollupTree(form, [
    { id: 'city', parentId: null, unitName: '临汾市', values: { activities: 1, funds: 0.1 } },
    {
      id: 'a',
      parentId: 'city',
      unitName: '尧都区',
      values: { activities: 2, funds: 0.2, level: '县级', kinds: ['讲座', '义诊'], teams: [{ name: '红马甲' }] },
    },
    { id: 'b', parentId: 'city', unitName: '曲沃县', values: null },
    {
      id: 'b1',
      parentId: 'b',
      unitName: '乐昌镇',
      values: { activities: 3, funds: 0.1, level: '县级', kinds: ['讲座'], teams: [{ name: '夕阳红' }] },
    },
  ]);

  it('sums numbers, counts choices and concatenates rows with the unit', () => {
    expect(rollup.get('city')).toEqual({
      own: { activities: 1, funds: 0.1 },
      subtree: {
        activities: 5,
        funds: 0.3,
        level: { 市级: 0, 县级: 2 },
        kinds: { 讲座: 2, 义诊: 1 },
        teams: [
          { unitName: '尧都区', name: '红马甲' },
          { unitName: '乐昌镇', name: '夕阳红' },
        ],
      },
      units: 3,
      reported: 2,
    });
  });

  it('counts what is below a unit that has not reported itself', () => {
    expect(rollup.get('b')!.subtree.activities).toBe(3);
    expect(rollup.get('b')!.reported).toBe(1);
    expect(rollup.get('b1')!.units).toBe(0);
  });

  it('names the numbers whose reported total differs from the computed one', () => {
    const computed = rollup.get('city')!.subtree;
    expect(differingTotals(form, { activities: 5, funds: 0.3 }, computed)).toEqual([]);
    expect(differingTotals(form, { activities: 6 }, computed)).toEqual(['主题活动数']);
  });
});
