import type { ReportForm } from '@cascade/contracts';
import { formDefinitionProblems, forwardForm } from './form-definition';
import { formValueProblems, withZeros, zeroReportForm } from './form-values';

const form: ReportForm = {
  fields: [
    { key: 'activities', label: '主题活动数', type: 'integer', unit: '次', min: 1, required: true },
    { key: 'funds', label: '投入资金', type: 'decimal', unit: '万元', min: 0 },
    { key: 'summary', label: '工作简述', type: 'text', maxLength: 10 },
    { key: 'level', label: '开展层级', type: 'single', options: ['市级', '县级'] },
    { key: 'kinds', label: '活动形式', type: 'multiple', options: ['讲座', '义诊', '走访'] },
    { key: 'startedOn', label: '启动日期', type: 'date' },
    {
      key: 'teams',
      label: '服务队',
      type: 'table',
      columns: [
        { key: 'name', label: '名称', type: 'text', required: true },
        { key: 'members', label: '人数', type: 'integer', unit: '人', min: 0 },
        { key: 'foundedOn', label: '成立日期', type: 'date' },
      ],
    },
  ],
};

describe('form definition', () => {
  it('accepts a form of every field type', () => {
    expect(formDefinitionProblems(form)).toEqual([]);
  });

  it('names each wrong field of a definition in Chinese', () => {
    const problems = formDefinitionProblems({
      fields: [
        { key: '1x', label: '甲', type: 'integer' },
        { key: 'b', label: '乙', type: 'integer', min: 5, max: 1, unit: '斤' },
        { key: 'b', label: '丙', type: 'single', options: [] },
        { key: 'c', label: '丁', type: 'table', columns: [{ key: 'd', label: '戊', type: 'table', columns: [] }] },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'form.fields[0].key',
      'form.fields[1].unit',
      'form.fields[1].min',
      'form.fields[2].options',
      'form.fields[2].key',
      'form.fields[3].columns[0].type',
    ]);
    expect(problems[1]!.message).toContain('乙');
    expect(problems[4]!.message).toContain('重复');
  });

  it('refuses a form without a field list', () => {
    expect(formDefinitionProblems({})).toEqual([{ field: 'form', message: '填报表必须包含字段列表 fields' }]);
  });
});

describe('the form of a forward', () => {
  const upstream: ReportForm = { fields: form.fields.slice(0, 2) };

  it('keeps the upstream fields and marks the added ones as the forwarding unit’s', () => {
    const added = { key: 'villages', label: '覆盖村数', type: 'integer' as const };
    const { form: merged, problems } = forwardForm(upstream, { fields: [added, ...upstream.fields] }, '141000');
    expect(problems).toEqual([]);
    expect(merged!.fields.map((f) => [f.key, f.addedBy])).toEqual([
      ['activities', undefined],
      ['funds', undefined],
      ['villages', '141000'],
    ]);
  });

  it('carries the upstream form when the forward proposes none', () => {
    expect(forwardForm(upstream, undefined, '141000').form).toBe(upstream);
  });

  it('refuses to remove or change an upstream field, naming it', () => {
    const removed = forwardForm(upstream, { fields: [upstream.fields[0]!] }, '141000');
    expect(removed.problems).toEqual([{ field: 'form.fields', message: '不能删除上级填报表的字段“投入资金”' }]);
    const changed = forwardForm(
      upstream,
      { fields: [{ ...upstream.fields[0]!, min: 0 } as ReportForm['fields'][number], upstream.fields[1]!] },
      '141000',
    );
    expect(changed.problems).toEqual([{ field: 'form.fields[0]', message: '不能修改上级填报表的字段“主题活动数”' }]);
  });
});

describe('filled values', () => {
  it('accepts values that fit', () => {
    expect(
      formValueProblems(form, {
        activities: 3,
        funds: 1.25,
        summary: '开展顺利',
        level: '县级',
        kinds: ['讲座', '走访'],
        startedOn: '2026-03-01',
        teams: [{ name: '红马甲', members: 12, foundedOn: '2025-02-28' }],
      }),
    ).toEqual([]);
  });

  it('names each wrong field by its label', () => {
    const problems = formValueProblems(form, {
      activities: 0.5,
      funds: 1.234,
      summary: '一二三四五六七八九十十一',
      level: '省级',
      kinds: ['讲座', '讲座'],
      startedOn: '2026-02-30',
      teams: [{ members: -1 }],
      extra: 1,
    });
    expect(problems).toEqual([
      { field: 'values.extra', message: '填报表没有字段 extra' },
      { field: 'values.activities', message: '“主题活动数”须为整数' },
      { field: 'values.funds', message: '“投入资金”最多保留 2 位小数' },
      { field: 'values.summary', message: '“工作简述”不能超过 10 字' },
      { field: 'values.level', message: '“开展层级”须为以下选项之一：市级、县级' },
      { field: 'values.kinds', message: '“活动形式”的选项有重复' },
      { field: 'values.startedOn', message: '“启动日期”不是有效日期' },
      { field: 'values.teams[0].name', message: '请填写“服务队”第 1 行的名称' },
      { field: 'values.teams[0].members', message: '“服务队”第 1 行的人数不能小于 0人' },
    ]);
  });

  it('requires the required fields and checks bounds', () => {
    expect(formValueProblems(form, {})).toEqual([{ field: 'values.activities', message: '请填写“主题活动数”' }]);
    expect(formValueProblems(form, { activities: 0 })).toEqual([
      { field: 'values.activities', message: '“主题活动数”不能小于 1次' },
    ]);
  });

  it('无则报零 fills zeros and requires nothing', () => {
    const values = withZeros(form, { summary: '无' });
    expect(values).toEqual({ activities: 0, funds: 0, teams: [], summary: '无' });
    expect(formValueProblems(zeroReportForm(form), values)).toEqual([]);
  });
});
