import { Workbook } from 'exceljs';
import { workflowIds } from '@cascade/contracts';
import { csvFields } from '../../apps/cli/src/commands/units-import.command';
import { useApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';

const DAY = 24 * 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const province = ['140000', 'clerk'] as [string, 'clerk'];
const linfen = ['141000', 'clerk'] as [string, 'clerk'];
const yaodu = ['141002', 'clerk'] as [string, 'clerk'];
const quwo = ['141021', 'clerk'] as [string, 'clerk'];

const form = {
  fields: [
    { key: 'activities', label: '主题活动数', type: 'integer', unit: '次', min: 1, required: true },
    { key: 'people', label: '参与人数', type: 'integer', unit: '人', min: 0 },
    {
      key: 'teams',
      label: '服务队',
      type: 'table',
      maxRows: 20,
      columns: [
        { key: 'name', label: '名称', type: 'text', required: true, maxLength: 50 },
        { key: 'members', label: '人数', type: 'integer', unit: '人', min: 0 },
      ],
    },
  ],
};

describe.each(databaseKinds())('report forms and 逐级汇总 over HTTP (%s)', (kind) => {
  const api = useApiHarness(kind);
  let now: number;
  let directiveId: string;
  let forwardId: string;
  const cityAssignment = () => workflowIds.assignment(directiveId, '141000');
  const countyAssignment = (unit: string) => workflowIds.assignment(forwardId, unit);

  beforeAll(async () => {
    now = await api.env.currentTimeMs();
  });

  const issue = (extra: object) =>
    api.harness.post(
      '/api/directives',
      {
        docNumber: '晋民函〔2026〕12号',
        title: '关于报送银龄行动开展情况的通知',
        issuerUnit: '140000',
        recipients: ['141000'],
        deadline: iso(now + 20 * DAY),
        ...extra,
      },
      province,
    );

  it('refuses a form definition with 422 naming each wrong field', async () => {
    const response = await issue({
      form: { fields: [{ key: 'activities', label: '主题活动数', type: 'integer', min: 3, max: 1 }, { key: 'x' }] },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'form.fields[0].min',
      'form.fields[1].label',
      'form.fields[1].type',
    ]);
    expect(response.body.message).toContain('主题活动数');
  });

  it('issues a directive with a form, which its detail shows', async () => {
    const response = await issue({ form });
    expect(response.status).toBe(201);
    directiveId = response.body.id;
    const detail = await api.harness.get(`/api/directives/${directiveId}`, linfen);
    expect(detail.body.form).toEqual(form);
  });

  it('refuses a forward that removes or changes an upstream field, and carries the form with the city’s own field', async () => {
    const id = cityAssignment();
    expect((await api.harness.post(`/api/assignments/${id}/acknowledge`, {}, linfen)).status).toBe(200);
    const body = {
      docNumber: '临市民函〔2026〕3号',
      title: '关于转发的通知',
      recipients: ['141002', '141021'],
      deadline: iso(now + 15 * DAY),
    };
    const removed = await api.harness.post(
      `/api/assignments/${id}/forward`,
      { ...body, form: { fields: form.fields.slice(1) } },
      linfen,
    );
    expect(removed.status).toBe(422);
    expect(removed.body.fields).toEqual([{ field: 'form.fields', message: '不能删除上级填报表的字段“主题活动数”' }]);
    const changed = await api.harness.post(
      `/api/assignments/${id}/forward`,
      { ...body, form: { fields: [{ ...form.fields[0], min: 0 }, ...form.fields.slice(1)] } },
      linfen,
    );
    expect(changed.status).toBe(422);
    expect(changed.body.fields[0].message).toBe('不能修改上级填报表的字段“主题活动数”');

    const villages = { key: 'villages', label: '覆盖村数', type: 'integer', unit: '个' };
    const forward = await api.harness.post(
      `/api/assignments/${id}/forward`,
      { ...body, form: { fields: [...form.fields, villages] } },
      linfen,
    );
    expect(forward.status).toBe(200);
    forwardId = forward.body.forward.directiveId;
    const detail = await eventually(
      () => api.harness.get(`/api/directives/${forwardId}`, yaodu),
      (r) => r.status === 200,
    );
    expect(detail.body.form.fields.map((f: { key: string; addedBy?: string }) => [f.key, f.addedBy])).toEqual([
      ['activities', undefined],
      ['people', undefined],
      ['teams', undefined],
      ['villages', '141000'],
    ]);
  });

  it('refuses wrong values with 422 naming each field in Chinese', async () => {
    const id = countyAssignment('141002');
    await eventually(
      () => api.harness.post(`/api/assignments/${id}/acknowledge`, {}, yaodu),
      (r) => r.status === 200,
    );
    const response = await api.harness.post(
      `/api/assignments/${id}/report`,
      { content: '', values: { activities: 1.5, people: -3, teams: [{ members: 2 }], extra: 1 } },
      yaodu,
    );
    expect(response.status).toBe(422);
    expect(response.body.fields).toEqual([
      { field: 'values.extra', message: '填报表没有字段 extra' },
      { field: 'values.activities', message: '“主题活动数”须为整数' },
      { field: 'values.people', message: '“参与人数”不能小于 0人' },
      { field: 'values.teams[0].name', message: '请填写“服务队”第 1 行的名称' },
    ]);
  });

  it('a county’s report fills the form; the city sees the subtree totals beside its own values', async () => {
    const values = { activities: 3, people: 120, teams: [{ name: '尧都红马甲', members: 12 }], villages: 5 };
    const reported = await api.harness.post(
      `/api/assignments/${countyAssignment('141002')}/report`,
      { content: '', values },
      yaodu,
    );
    expect(reported.status).toBe(200);
    await eventually(
      () => api.harness.post(`/api/assignments/${countyAssignment('141021')}/acknowledge`, {}, quwo),
      (r) => r.status === 200,
    );
    const zero = await api.harness.post(
      `/api/assignments/${countyAssignment('141021')}/report`,
      { content: '本县无', zeroReport: true },
      quwo,
    );
    expect(zero.status).toBe(200);
    expect(zero.body.reports.at(-1).values).toEqual({ activities: 0, people: 0, teams: [], villages: 0 });

    const cityForm = await eventually(
      () => api.harness.get(`/api/assignments/${cityAssignment()}/form`, linfen),
      (r) => r.body.reportedUnits === 2,
    );
    expect(cityForm.status).toBe(200);
    expect(cityForm.body).toMatchObject({
      form,
      values: null,
      units: 2,
      reportedUnits: 2,
      subtreeTotals: {
        activities: 3,
        people: 120,
        villages: 5,
        teams: [{ unitName: '尧都区民政局', name: '尧都红马甲', members: 12 }],
      },
    });
  });

  it('refuses subtree totals that differ from the subordinates’ reports unless the city writes why', async () => {
    const id = cityAssignment();
    const own = { activities: 1, people: 30 };
    const differing = await api.harness.post(
      `/api/assignments/${id}/report`,
      { content: '', values: own, totals: { activities: 4, people: 120 } },
      linfen,
    );
    expect(differing.status).toBe(422);
    expect(differing.body.fields).toEqual([
      { field: 'totals.activities', message: '“主题活动数”的下级合计与下级报送的数据（3）不一致，请填写说明' },
    ]);
    const explained = await api.harness.post(
      `/api/assignments/${id}/report`,
      {
        content: '',
        values: own,
        totals: { activities: 4, people: 120 },
        explanation: '曲沃县补报1次活动，书面材料后补',
      },
      linfen,
    );
    expect(explained.status).toBe(200);
  });

  it('GET /api/directives/:id/rollup: every level’s own values and totals, a grand total, 未报 as not reported', async () => {
    const rollup = await eventually(
      () => api.harness.get(`/api/directives/${directiveId}/rollup`, province),
      (r) => r.body.units?.[0]?.reported === true,
    );
    expect(rollup.status).toBe(200);
    expect(
      rollup.body.units.map((u: { unitCode: string; level: number; reported: boolean }) => [
        u.unitCode,
        u.level,
        u.reported,
      ]),
    ).toEqual([
      ['141000', 1, true],
      ['141002', 2, true],
      ['141021', 2, true],
    ]);
    expect(rollup.body.units[0]).toMatchObject({
      values: { activities: 1, people: 30 },
      subtreeTotals: { activities: 3, people: 120 },
      explanation: '曲沃县补报1次活动，书面材料后补',
    });
    // The city's own field is collected below it, not summed into the province's form.
    expect(rollup.body.units[0].subtreeTotals.villages).toBeUndefined();
    expect(rollup.body.total).toMatchObject({ activities: 4, people: 150 });

    const shallow = await api.harness.get(`/api/directives/${directiveId}/rollup?depth=1`, province);
    expect(shallow.body.units).toHaveLength(1);
    const bad = await api.harness.get(`/api/directives/${directiveId}/rollup?depth=0`, province);
    expect(bad.status).toBe(400);
    const county = await api.harness.get(`/api/directives/${forwardId}/rollup`, yaodu);
    expect(county.body.units.map((u: { unitCode: string }) => u.unitCode)).toEqual(['141002']);
  });

  it('a returned report no longer counts until the unit reports again', async () => {
    const id = countyAssignment('141002');
    const returned = await api.harness.post(`/api/assignments/${id}/return`, { reason: '人数有误' }, linfen);
    expect(returned.status).toBe(200);
    const before = await eventually(
      () => api.harness.get(`/api/assignments/${cityAssignment()}/form`, linfen),
      (r) => r.body.reportedUnits === 1,
    );
    expect(before.body.subtreeTotals.activities).toBe(0);
    const again = await api.harness.post(
      `/api/assignments/${id}/report`,
      { content: '', values: { activities: 4, people: 100 } },
      yaodu,
    );
    expect(again.status).toBe(200);
    const after = await eventually(
      () => api.harness.get(`/api/assignments/${cityAssignment()}/form`, linfen),
      (r) => r.body.reportedUnits === 2,
    );
    expect(after.body.subtreeTotals).toMatchObject({ activities: 4, people: 100, teams: [] });
  });

  it('exports the 填报汇总表 as xlsx (numbers as numbers, indented levels, 小计 and 合计) and as CSV', async () => {
    const response = await api.harness.download(`/api/directives/${directiveId}/rollup.xlsx`, province);
    expect(response.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(response.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.getWorksheet('汇总表')!;
    const rows = Array.from({ length: sheet.rowCount }, (_, i) =>
      Array.from({ length: 6 }, (_, j) => sheet.getRow(i + 1).getCell(j + 1).value ?? null),
    );
    expect(rows[0]![0]).toBe('关于报送银龄行动开展情况的通知 汇总表');
    expect(rows[1]!.slice(0, 3)).toEqual(['文号', '晋民函〔2026〕12号', '填报截止']);
    expect(rows[2]!.slice(0, 2)).toEqual(['制表单位', '山西省民政厅']);
    expect(rows.slice(3)).toEqual([
      ['层级', '单位', '报送情况', '主题活动数（次）', '参与人数（人）', '服务队（条）'],
      ['一级', '临汾市民政局', '已报', 1, 30, null],
      ['二级', '\u3000尧都区民政局', '已报', 4, 100, null],
      ['二级', '\u3000曲沃县民政局', '已报', 0, 0, 0],
      ['一级', '临汾市民政局 小计', null, 5, 130, 0],
      [null, '合计', null, 5, 130, 0],
    ]);
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(30);

    const csv = await api.harness.get(`/api/directives/${directiveId}/rollup.csv`, province);
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const lines = csv.text.slice(1).split('\r\n').filter(Boolean).map(csvFields);
    expect(lines.at(-1)).toEqual(['', '合计', '', '5', '130', '0']);

    const none = await api.harness.get(`/api/directives/${forwardId}/rollup.csv`, province);
    expect(none.status).toBe(200);
  });
});
