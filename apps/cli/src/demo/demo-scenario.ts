import type { DirectivePolicy, FormValues, Recipient, ReportForm } from '@cascade/contracts';
import type { WorkCalendar } from '@cascade/domain';
import { SHANXI_DEMO_UNITS } from '@cascade/domain/units';
import type { ApiRole } from '@cascade/persistence';

/**
 * The living example `cascade start` seeds in demo mode: the reference chain (docs/reference-scenario.md)
 * (民函〔2024〕56号 → 晋民函〔2024〕169号 → 临市民函〔2024〕89号) with its deadlines moved to the
 * days after the seeding, plus one short-fused 紧急通知 whose deadline passes a minute later,
 * so the 督办 board has a live escalation to show.
 */

/** Business ids of the seeded directives: workflow ids `directive:…` / `assignment:…:{unit}`. */
export const DEMO_DIRECTIVES = {
  ministry: 'demo-minhan-2024-56',
  province: 'demo-jinminhan-2024-169',
  city: 'demo-linshiminhan-2024-89',
  urgent: 'demo-linshimindian-2024-3',
} as const;

const MINISTRY = '000000';
const PROVINCE = '140000';
const CITY = '141000';
/** The county whose 紧急通知 goes overdue; also the demo county clerk's unit. */
const LATE_COUNTY = '141002';

const nameOf = (code: string): string => SHANXI_DEMO_UNITS.find((u) => u.code === code)?.name ?? code;
const recipient = (code: string): Recipient => ({ unitCode: code, unitName: nameOf(code) });
const childrenOf = (code: string): Recipient[] =>
  SHANXI_DEMO_UNITS.filter((u) => u.parentCode === code).map((u) => recipient(u.code));

export const DEMO_UNITS = { ministry: MINISTRY, province: PROVINCE, city: CITY, lateCounty: LATE_COUNTY } as const;

export const DEMO_DOCUMENTS = {
  ministry: {
    docNumber: '民函〔2024〕56号',
    title: '民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
    issuerUnit: MINISTRY,
    recipients: [recipient(PROVINCE)],
  },
  province: {
    docNumber: '晋民函〔2024〕169号',
    title:
      '省民政厅 省老龄工作委员会办公室关于转发《民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知》的通知',
    body: '省老龄委各成员单位，各市民政局、老龄办学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的情况，请于 11 月 20 日前以电子版形式报省老龄办（省民政厅老龄工作处）。',
    /** 省老龄委各成员单位，各市民政局、老龄办: the 11 cities and the member units. */
    recipients: childrenOf(PROVINCE),
  },
  city: {
    docNumber: '临市民函〔2024〕89号',
    title:
      '临汾市民政局 临汾市老龄工作委员会办公室关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
    body: '市老龄委各成员单位，各县（市、区）民政局、老龄办要认真谋划、精心组织，每年结合单位职责至少开展一项新时代“银龄行动”主题活动。',
    /** 各县（市、区）民政局: 临汾's 17 county-level offices. */
    recipients: childrenOf(CITY),
  },
  /** Not in the reference documents: a short-fused notice made up for the demo, so that one county is overdue. */
  urgent: {
    docNumber: '临市民电〔2024〕3号',
    title: '临汾市民政局关于立即报送“银龄行动”老年志愿服务队组建情况的紧急通知（演示）',
    body: '请尧都区民政局于接到通知后1分钟内报送老年志愿服务队组建情况（演示用：逾期后逐级督办）。',
    issuerUnit: CITY,
    recipients: [recipient(LATE_COUNTY)],
  },
} as const;

/** Seconds-long steps, so that 督办, 上级督办 and 通报 fire while someone watches. */
export const URGENT_POLICY: DirectivePolicy = {
  ackWithin: 'PT30S',
  remindBefore: ['PT20S'],
  ladder: ['PT0S', 'PT1M', 'PT2M'],
};
/** How long after it is issued (at the end of the seeding) the 紧急通知 falls due. */
export const URGENT_DEADLINE_MS = 40_000;

/**
 * The seed's 11月20日 becomes 10 working days after the seeding; the ministry's own deadline is
 * 5 working days later, 临汾's internal deadline 3 working days earlier (层层提前, not 层层加码).
 */
export function demoDeadlines(seededAt: number, calendar: WorkCalendar) {
  const province = calendar.addWorkingDays(new Date(seededAt), 10).getTime();
  return {
    ministry: calendar.addWorkingDays(new Date(province), 5).getTime(),
    province,
    city: calendar.addWorkingDays(new Date(province), -3).getTime(),
  };
}

export type DemoProgress = 'delivered' | 'acknowledged' | 'reported' | 'accepted';

/** Where each recipient of 晋民函〔2024〕169号 stands after the seeding (临汾 forwards: see below). */
export const PROVINCE_PROGRESS: Record<string, DemoProgress> = {
  '140100': 'accepted', // 太原
  '140200': 'reported', // 大同
  '140300': 'reported', // 阳泉
  '140700': 'reported', // 晋中
  '140400': 'acknowledged', // 长治
  '140500': 'acknowledged', // 晋城
  '140800': 'acknowledged', // 运城
  '140600': 'delivered', // 朔州
  '140900': 'delivered', // 忻州
  '141100': 'delivered', // 吕梁
  '140000M01': 'reported', // 省委老干部局
  '140000M02': 'reported', // 省教育厅
  '140000M03': 'acknowledged',
  '140000M04': 'acknowledged',
  '140000M05': 'delivered',
  '140000M06': 'delivered',
};

/** Where each county stands on 临市民函〔2024〕89号 after the seeding. */
export const CITY_PROGRESS: Record<string, DemoProgress> = {
  '141081': 'accepted', // 侯马
  '141021': 'reported',
  '141022': 'reported',
  '141023': 'reported',
  '141024': 'reported',
  '141025': 'reported',
  '141026': 'reported',
  '141027': 'reported',
  '141082': 'reported',
  '141002': 'acknowledged', // 尧都区: the demo county clerk has something to report
  '141028': 'acknowledged',
  '141029': 'acknowledged',
  '141034': 'acknowledged',
  '141030': 'delivered',
  '141031': 'delivered',
  '141032': 'delivered',
  '141033': 'delivered',
};

/** Counties whose seeded report carries a file (报送材料), besides its text. */
export const REPORTS_WITH_FILES: readonly string[] = ['141021', '141022', '141023'];

/** The seed's 填报表: the ministry asks for it, every forward carries it down. */
export const DEMO_FORM: ReportForm = {
  fields: [
    { key: 'activities', label: '主题活动数', type: 'integer', unit: '次', min: 1, required: true },
    { key: 'participants', label: '参与人数', type: 'integer', unit: '人', min: 0, required: true },
    {
      key: 'teams',
      label: '服务队',
      type: 'table',
      columns: [
        { key: 'name', label: '名称', type: 'text', required: true, maxLength: 50 },
        { key: 'members', label: '人数', type: 'integer', unit: '人', min: 0 },
        { key: 'foundedOn', label: '成立日期', type: 'date' },
      ],
    },
  ],
};

/** A unit's figures in the seed, varied by its code so the 汇总 shows different numbers per unit. */
export function demoFigures(unitCode: string, unitName: string): FormValues {
  const n = Number(unitCode.slice(-2)) || 1;
  return {
    activities: 1 + (n % 3),
    participants: 40 + 15 * n,
    teams: [{ name: `${unitName.replace(/民政局$/, '')}银龄志愿服务队`, members: 10 + n, foundedOn: '2024-10-15' }],
  };
}

export function reportContent(unitName: string): string {
  return `${unitName}已召开专题会议传达学习习近平总书记给“银龄行动”老年志愿者代表重要回信精神，组织开展新时代“银龄行动”主题活动1项。`;
}

/** The demo users: their tokens are printed by `npm start` and served at GET /api/demo/tokens. */
export const DEMO_USERS: ReadonlyArray<{ label: string; unitCode: string; role: ApiRole }> = [
  { label: '省级督查（山西省民政厅）', unitCode: PROVINCE, role: 'supervisor' },
  { label: '市级收文员（临汾市民政局）', unitCode: CITY, role: 'clerk' },
  { label: '县级收文员（尧都区民政局）', unitCode: LATE_COUNTY, role: 'clerk' },
];
