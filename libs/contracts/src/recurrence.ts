/** 周期性任务: a directive that recurs (月报, 季报, 年报) and starts one cascade per period. */

export const RECURRENCE_FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;
export type RecurrenceFrequency = (typeof RECURRENCE_FREQUENCIES)[number];

/**
 * When a period's report is due, counted from the period's end:
 * - `dayOfMonth`: day `day` of the `month`-th month after the period (次月15日前: month 1, day 15;
 *   次年1月10日前: month 1, day 10 of a yearly period; 季后首月20日: month 1, day 20);
 * - `days` / `workingDays`: `count` days (or working days) after the period's last day (季后10日内).
 * A due day that is not a working day moves to the next working day (顺延).
 */
export type RecurrenceDue =
  | { kind: 'dayOfMonth'; month: number; day: number }
  | { kind: 'days'; count: number }
  | { kind: 'workingDays'; count: number };

/** A figure each recipient must reach per period: the numeric form field `field` at least `min`. */
export interface PeriodQuota {
  field: string;
  min: number;
}

export interface Recurrence {
  frequency: RecurrenceFrequency;
  due: RecurrenceDue;
  /** First day of the first period, `YYYY-MM-DD` (a period that has begun before it is not issued). */
  start: string;
  /** Last day on which a period may begin, `YYYY-MM-DD`; absent: until withdrawn. */
  end?: string;
  /** 每年至少开展1项…: per period and recipient. */
  quotas?: PeriodQuota[];
  /** Working days before a period's last day when recipients below a quota are urged (催办); default 5. */
  quotaReminderWorkingDays?: number;
}

/** One period of a recurring directive. */
export interface PeriodRef {
  /** The recurring directive (the series). */
  seriesId: string;
  /** `2026-11`, `2026-Q4`, `2026`. */
  key: string;
  /** 2026年11月, 2026年第四季度, 2026年度. */
  label: string;
}

/** Business ids of a recurring directive's schedule and of each period's cascade. */
export const recurrenceIds = {
  schedule: (directiveId: string) => `recurrence:${directiveId}`,
  /** The directive id of one period: `{seriesId}.{periodKey}` (a retried or repeated start finds it taken). */
  periodDirective: (seriesId: string, periodKey: string) => `${seriesId}.${periodKey}`,
} as const;
