import { summaryRows, toCsv } from './summary-table';

describe('the 汇总表', () => {
  const rows = summaryRows([
    {
      unitName: '尧都区民政局',
      status: 'REPORTED',
      acknowledgedAt: Date.UTC(2024, 10, 11, 1, 5),
      reportedAt: Date.UTC(2024, 10, 19, 16, 30),
      overdue: false,
      late: false,
      report: { content: '已开展主题活动 3 项, 见附件', zeroReport: false },
    },
    {
      unitName: '曲沃县民政局',
      status: 'DELIVERED',
      acknowledgedAt: null,
      reportedAt: null,
      overdue: true,
      late: false,
      report: null,
    },
    {
      unitName: '古县民政局',
      status: 'ACCEPTED',
      acknowledgedAt: 0,
      reportedAt: 0,
      overdue: false,
      late: true,
      report: { content: '', zeroReport: true },
    },
  ]);

  it('shows statuses in Chinese and times in Asia/Shanghai', () => {
    expect(rows[0]).toEqual([
      '尧都区民政局',
      '已报送',
      '2024-11-11 09:05',
      '2024-11-20 00:30',
      '否',
      '已开展主题活动 3 项, 见附件',
    ]);
    expect(rows[1]).toEqual(['曲沃县民政局', '待签收', '', '', '是', '']);
    expect(rows[2].slice(1)).toEqual(['已办结', '1970-01-01 08:00', '1970-01-01 08:00', '是', '无（零报告）']);
  });

  it('writes CSV with a BOM, CRLF and quoted fields', () => {
    const csv = toCsv([
      ['单位', '报送内容'],
      ['A', 'x, "y"\nz'],
    ]);
    expect(csv).toBe('\uFEFF单位,报送内容\r\nA,"x, ""y""\nz"\r\n');
  });
});
