import { parseNotice } from '../notice/notice-parser';
import { type Obligation } from './obligation.types';

/** The fields a row checks, per obligation kind. */
type Expected = Obligation extends infer O
  ? O extends Obligation
    ? Partial<Omit<O, 'text'>> & { kind: O['kind'] }
    : never
  : never;

interface Row {
  text: string;
  issued?: string;
  expected: Expected[];
  /** A substring one of the warnings must contain. */
  warning?: string;
}

const withoutText = (o: Obligation): Omit<Obligation, 'text'> => {
  const { text: _text, ...rest } = o;
  return rest;
};

// Collected from real notices (provincial, municipal and county 通知/函) and written to cover
// every class: absolute deadlines, ranges, relative, recurring, quotas and sentences that only
// mention dates. Issue date 2024-10-25 (a Friday) unless stated.
const ROWS: Row[] = [
  // absolute deadlines
  {
    text: '请于11月20日前报送市民政局。',
    expected: [{ kind: 'deadline', due: '2024-11-20', time: null, reportTo: '市民政局' }],
  },
  {
    text: '请于 11 月 20 日前以电子版形式报省老龄办（省民政厅老龄工作处）。',
    expected: [{ kind: 'deadline', due: '2024-11-20', reportTo: '省老龄办' }],
  },
  {
    text: '请各县（市、区）于2024年11月15日之前将总结报送市老龄办。',
    expected: [{ kind: 'deadline', due: '2024-11-15', reportTo: '市老龄办' }],
  },
  { text: '各单位务必于12月1日以前完成自查。', expected: [{ kind: 'deadline', due: '2024-12-01', reportTo: null }] },
  { text: '报名截止时间为2024年11月30日。', expected: [{ kind: 'deadline', due: '2024-11-30' }] },
  { text: '材料报送截止日期：11月28日。', expected: [{ kind: 'deadline', due: '2024-11-28' }] },
  { text: '请于10月底前报送。', issued: '2024-10-10', expected: [{ kind: 'deadline', due: '2024-10-31' }] },
  {
    text: '请于11月底前将工作总结报送至市民政局养老服务科。',
    expected: [{ kind: 'deadline', due: '2024-11-30', reportTo: '市民政局养老服务科' }],
  },
  { text: '各地须于12月中旬前完成验收。', expected: [{ kind: 'deadline', due: '2024-12-20' }] },
  { text: '请于11月15日上午下班前报送。', expected: [{ kind: 'deadline', due: '2024-11-15', time: '12:00' }] },
  { text: '请于11月15日下午6:00前报送。', expected: [{ kind: 'deadline', due: '2024-11-15', time: '18:00' }] },
  { text: '请于11月15日中午12时前报送。', expected: [{ kind: 'deadline', due: '2024-11-15', time: '12:00' }] },
  { text: '请于11月15日17:30前报送。', expected: [{ kind: 'deadline', due: '2024-11-15', time: '17:30' }] },
  { text: '请于11月15日下班前报送。', expected: [{ kind: 'deadline', due: '2024-11-15', time: '17:30' }] },
  { text: '请于１１月２０日前报送。', expected: [{ kind: 'deadline', due: '2024-11-20' }] },
  { text: '请于十一月二十日前报送。', expected: [{ kind: 'deadline', due: '2024-11-20' }] },
  { text: '请于二〇二四年十二月三十一日前完成。', expected: [{ kind: 'deadline', due: '2024-12-31' }] },
  { text: '请于二○二五年一月十日前完成。', expected: [{ kind: 'deadline', due: '2025-01-10' }] },
  {
    text: '请于11月10日前报送实施方案，12月20日前报送工作总结。',
    expected: [
      { kind: 'deadline', due: '2024-11-10' },
      { kind: 'deadline', due: '2024-12-20' },
    ],
  },
  {
    text: '请于11月10日前将方案报市民政局，12月20日前将总结报省民政厅。',
    expected: [
      { kind: 'deadline', due: '2024-11-10', reportTo: '市民政局' },
      { kind: 'deadline', due: '2024-12-20', reportTo: '省民政厅' },
    ],
  },
  { text: '请于2024年11月19日（星期二）前报送。', expected: [{ kind: 'deadline', due: '2024-11-19' }] },
  {
    text: '请于2024年11月20日（星期二）前报送。',
    expected: [{ kind: 'deadline', due: '2024-11-20' }],
    warning: '星期二',
  },
  { text: '请于11月22日（周五）17时前报送。', expected: [{ kind: 'deadline', due: '2024-11-22', time: '17:00' }] },
  { text: '请于11月21日(周五)前报送。', expected: [{ kind: 'deadline', due: '2024-11-21' }], warning: '星期五' },
  { text: '请于1月10日前报送年度总结。', expected: [{ kind: 'deadline', due: '2025-01-10' }], warning: '2025' },
  { text: '请于今年12月31日前完成。', expected: [{ kind: 'deadline', due: '2024-12-31' }] },
  { text: '请于明年1月15日前报送。', expected: [{ kind: 'deadline', due: '2025-01-15' }] },
  { text: '请于次年3月1日前完成整改。', expected: [{ kind: 'deadline', due: '2025-03-01' }] },
  { text: '确保年底前全部完成。', expected: [{ kind: 'deadline', due: '2024-12-31' }] },
  { text: '力争2025年底前实现全覆盖。', expected: [{ kind: 'deadline', due: '2025-12-31' }] },
  { text: '请于25日前报送本月数据。', issued: '2024-10-10', expected: [{ kind: 'deadline', due: '2024-10-25' }] },
  { text: '各地不迟于11月30日报送。', expected: [{ kind: 'deadline', due: '2024-11-30' }] },
  {
    text: '请于11月20日将材料报送市民政局。',
    expected: [{ kind: 'deadline', due: '2024-11-20', reportTo: '市民政局' }],
  },
  { text: '征集活动11月30日截止。', expected: [{ kind: 'deadline', due: '2024-11-30' }] },
  { text: '请于2024年11月20日24时前报送。', expected: [{ kind: 'deadline', due: '2024-11-20', time: null }] },
  { text: '请于2024 年 11 月 5 日前报送。', expected: [{ kind: 'deadline', due: '2024-11-05' }] },
  { text: '请于11月20日（含）前报送。', expected: [{ kind: 'deadline', due: '2024-11-20' }] },
  { text: '请于11月5号前报送。', expected: [{ kind: 'deadline', due: '2024-11-05' }] },
  { text: '请于11月15日晚8点前提交。', expected: [{ kind: 'deadline', due: '2024-11-15', time: '20:00' }] },
  { text: '请于11月8日上午10时30分前报送。', expected: [{ kind: 'deadline', due: '2024-11-08', time: '10:30' }] },
  { text: '最迟于12月10日前报送市局。', expected: [{ kind: 'deadline', due: '2024-12-10', reportTo: '市局' }] },
  { text: '请于2月30日前报送。', expected: [] },
  { text: '各乡镇于本月25日前完成摸底。', issued: '2024-09-03', expected: [{ kind: 'deadline', due: '2024-09-25' }] },
  {
    text: '各乡镇9月30日前完成认定；每季度首月10日前将上季度认定情况报县民政局。',
    issued: '2024-09-03',
    expected: [
      { kind: 'deadline', due: '2024-09-30', reportTo: null },
      { kind: 'recurring', period: 'quarter', month: 1, day: 10 },
    ],
  },
  // ranges
  { text: '活动时间为11月1日至11月30日。', expected: [{ kind: 'range', start: '2024-11-01', end: '2024-11-30' }] },
  { text: '即日起至12月31日开展专项检查。', expected: [{ kind: 'range', start: '2024-10-25', end: '2024-12-31' }] },
  { text: '自公告之日起至11月30日受理申请。', expected: [{ kind: 'range', start: '2024-10-25', end: '2024-11-30' }] },
  {
    text: '12月20日至次年1月10日集中开展走访慰问。',
    expected: [{ kind: 'range', start: '2024-12-20', end: '2025-01-10' }],
  },
  {
    text: '12月20日至1月10日集中开展走访慰问。',
    expected: [{ kind: 'range', start: '2024-12-20', end: '2025-01-10' }],
  },
  { text: '11月25日至12月5日开展自查。', expected: [{ kind: 'range', start: '2024-11-25', end: '2024-12-05' }] },
  {
    text: '2024年11月1日—2024年11月15日为报名时间。',
    expected: [{ kind: 'range', start: '2024-11-01', end: '2024-11-15' }],
  },
  { text: '报名时间：11月1日-15日。', expected: [{ kind: 'range', start: '2024-11-01', end: '2024-11-15' }] },
  {
    text: '专项行动分三个阶段，11月至12月为集中整治阶段。',
    expected: [{ kind: 'range', start: '2024-11-01', end: '2024-12-31' }],
  },
  { text: '申报时间为2025年1月1日至3月31日。', expected: [{ kind: 'range', start: '2025-01-01', end: '2025-03-31' }] },
  {
    text: '（二）抽查阶段（6月1日至6月20日）。',
    issued: '2024-05-08',
    expected: [{ kind: 'range', start: '2024-06-01', end: '2024-06-20' }],
  },
  {
    text: '即日起至十二月十五日止，受理推荐材料。',
    expected: [{ kind: 'range', start: '2024-10-25', end: '2024-12-15' }],
  },
  // relative
  {
    text: '请在收到本通知后10个工作日内报送。',
    expected: [{ kind: 'relative', amount: 10, unit: 'workday', anchor: 'receipt' }],
  },
  { text: '请各单位3日内反馈意见。', expected: [{ kind: 'relative', amount: 3, unit: 'day', anchor: 'receipt' }] },
  { text: '事件发生后4小时内报告。', expected: [{ kind: 'relative', amount: 4, unit: 'hour', anchor: 'event' }] },
  {
    text: '自本通知印发之日起一个月内完成整改。',
    expected: [{ kind: 'relative', amount: 1, unit: 'month', anchor: 'issue' }],
  },
  {
    text: '活动结束后5个工作日内报送总结。',
    expected: [{ kind: 'relative', amount: 5, unit: 'workday', anchor: 'event' }],
  },
  { text: '接到通知后两周内完成。', expected: [{ kind: 'relative', amount: 2, unit: 'week', anchor: 'receipt' }] },
  {
    text: '收到通知后十五日内书面反馈。',
    expected: [{ kind: 'relative', amount: 15, unit: 'day', anchor: 'receipt' }],
  },
  { text: '相关情况须在24小时内上报。', expected: [{ kind: 'relative', amount: 24, unit: 'hour', anchor: 'receipt' }] },
  { text: '请于半个月内完成。', expected: [{ kind: 'relative', amount: 15, unit: 'day' }] },
  {
    text: '遇有突发情况，须在2小时内向市民政局报告。',
    expected: [{ kind: 'relative', amount: 2, unit: 'hour', anchor: 'event' }],
  },
  { text: '本通知发布后30天内完成登记。', expected: [{ kind: 'relative', amount: 30, unit: 'day', anchor: 'issue' }] },
  // recurring
  {
    text: '每月5日前报送上月统计数据。',
    expected: [{ kind: 'recurring', period: 'month', month: null, day: 5, weekday: null, time: null }],
  },
  { text: '次月十五日内报送。', expected: [{ kind: 'recurring', period: 'month', month: null, day: 15 }] },
  { text: '每季度末报送工作进展。', expected: [{ kind: 'recurring', period: 'quarter', month: 3, day: -1 }] },
  { text: '每年年末报送年度总结。', expected: [{ kind: 'recurring', period: 'year', month: 12, day: -1 }] },
  { text: '每周二中午12时前报送周报。', expected: [{ kind: 'recurring', period: 'week', weekday: 2, time: '12:00' }] },
  { text: '年度报告于次年一月十日前报送。', expected: [{ kind: 'recurring', period: 'year', month: 1, day: 10 }] },
  { text: '各县区每月底前报送工作台账。', expected: [{ kind: 'recurring', period: 'month', day: -1 }] },
  { text: '每季度结束后10日内报送季度报表。', expected: [{ kind: 'recurring', period: 'quarter', month: 1, day: 10 }] },
  { text: '每年12月10日前报送年度工作总结。', expected: [{ kind: 'recurring', period: 'year', month: 12, day: 10 }] },
  {
    text: '每周五下班前报送本周工作情况。',
    expected: [{ kind: 'recurring', period: 'week', weekday: 5, time: '17:30' }],
  },
  { text: '每半年报送一次工作进展。', expected: [{ kind: 'recurring', period: 'halfyear', month: null, day: null }] },
  { text: '每两个月报送一次督查情况。', expected: [{ kind: 'recurring', period: 'bimonth' }] },
  { text: '每季度首月10日前报送上季度数据。', expected: [{ kind: 'recurring', period: 'quarter', month: 1, day: 10 }] },
  { text: '每月25日前将当月工作进展报市老龄办。', expected: [{ kind: 'recurring', period: 'month', day: 25 }] },
  // quotas
  {
    text: '每年至少开展1项新时代“银龄行动”主题活动。',
    expected: [{ kind: 'quota', count: 1, per: 'year', what: '新时代“银龄行动”主题活动' }],
  },
  {
    text: '每月至少开展1场志愿服务活动。',
    expected: [{ kind: 'quota', count: 1, per: 'month', what: '志愿服务活动' }],
  },
  { text: '每季度组织培训不少于2次。', expected: [{ kind: 'quota', count: 2, per: 'quarter', what: '培训' }] },
  {
    text: '各市民政局、老龄办每年要结合自身实际至少开展1项新时代“银龄行动”主题活动。',
    expected: [{ kind: 'quota', count: 1, per: 'year' }],
  },
  { text: '每周至少开展一次安全巡查。', expected: [{ kind: 'quota', count: 1, per: 'week', what: '安全巡查' }] },
  { text: '全年至少开展4次督导检查。', expected: [{ kind: 'quota', count: 4, per: 'year', what: '督导检查' }] },
  { text: '每年开展1次评估。', expected: [{ kind: 'quota', count: 1, per: 'year', what: '评估' }] },
  { text: '每个乡镇每月至少走访两次特困老人。', expected: [{ kind: 'quota', count: 2, per: 'month' }] },
  // sentences that only mention dates
  { text: '8月19日，老年人社会参与和权益保障工作推进会在山西省太原市召开。', expected: [] },
  { text: '到2035年，老年人社会参与服务体系更加健全。', expected: [] },
  { text: '意见提出，到 2029 年，支持老年人社会参与的环境明显优化。', expected: [] },
  { text: '10月9日，习近平总书记给“银龄行动”老年志愿者代表回信。', expected: [] },
  { text: '截至2024年9月底，全省共建成助餐点133家。', expected: [] },
  { text: '会议于8月19日至20日在太原召开。', expected: [] },
  { text: '2024年新建19家、改造提升90家。', expected: [] },
  { text: '建立“日公示、月督促、季调度”机制。', expected: [] },
  { text: '全州已建成运营助餐点133家，累计服务老年人57万余人次。', expected: [] },
  { text: '12月5日前后将召开推进会。', expected: [] },
  { text: '近3年来，累计投入资金2亿元。', expected: [] },
  { text: '对社会老人收5元，70岁以上高龄老人收2-3元。', expected: [] },
  { text: '推行“1名党员联系 2名老人”，提供送餐服务。', expected: [] },
];

describe('obligation expressions', () => {
  it('has at least 80 rows', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(80);
  });

  it.each(ROWS.map((row) => [row.text, row] as const))('%s', (_text, row) => {
    const parsed = parseNotice(row.text, { issuedOn: row.issued ?? '2024-10-25' });
    const found = parsed.obligations.map(withoutText);
    expect(found).toHaveLength(row.expected.length);
    row.expected.forEach((expected, i) => expect(found[i]).toMatchObject(expected));
    parsed.obligations.forEach((o) =>
      expect(o.text).toBe(row.text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))),
    );
    if (row.warning) expect(parsed.warnings.join('\n')).toContain(row.warning);
    else expect(parsed.warnings.filter((w) => w.includes('星期'))).toEqual([]);
  });
});
