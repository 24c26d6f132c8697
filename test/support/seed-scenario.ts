import { type Recipient } from '@cascade/contracts';
import type { WorkCalendar } from '@cascade/domain';
import { SHANXI_DEMO_UNITS } from '@cascade/domain/units';

/** The reference chain (docs/reference-scenario.md): 民函〔2024〕56号 → 晋民函〔2024〕169号 → 临市民函〔2024〕89号. */
export const SEED = {
  ministry: {
    code: '000000',
    docNumber: '民函〔2024〕56号',
    title: '民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
  },
  province: {
    code: '140000',
    docNumber: '晋民函〔2024〕169号',
    title:
      '省民政厅 省老龄工作委员会办公室关于转发《民政部 全国老龄办关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知》的通知',
  },
  city: {
    code: '141000',
    docNumber: '临市民函〔2024〕89号',
    title:
      '临汾市民政局 临汾市老龄工作委员会办公室关于深入学习贯彻习近平总书记给“银龄行动”老年志愿者代表重要回信精神的通知',
  },
} as const;

const toRecipient = (unit: { code: string; name: string }): Recipient => ({ unitCode: unit.code, unitName: unit.name });

/** 晋民函〔2024〕169号 goes to the 11 city offices and the 省老龄委成员单位. */
export const provinceRecipients: Recipient[] = SHANXI_DEMO_UNITS.filter((u) => u.parentCode === '140000').map(
  toRecipient,
);
/** 临市民函〔2024〕89号 goes to 临汾's 17 county-level offices. */
export const linfenCounties: Recipient[] = SHANXI_DEMO_UNITS.filter((u) => u.parentCode === '141000').map(toRecipient);

/**
 * The seed's deadlines moved to the test server's clock (it cannot go back to 2024): the
 * province's 11月20日 becomes 15 working days from now, the ministry's is 5 working days later,
 * and 临汾's internal deadline 3 working days earlier.
 */
export function seedDeadlines(now: number, calendar: WorkCalendar) {
  const province = calendar.addWorkingDays(new Date(now), 15).getTime();
  return {
    ministry: calendar.addWorkingDays(new Date(province), 5).getTime(),
    province,
    city: calendar.addWorkingDays(new Date(province), -3).getTime(),
  };
}
