/** A due date: "X月X日前", "截止时间为…", "10月底前". `due` is inclusive (see docs/notice-parser.md). */
export interface DeadlineObligation {
  kind: 'deadline';
  /** YYYY-MM-DD, the last day on which the duty may be done. */
  due: string;
  /** HH:MM (Asia/Shanghai) when the notice names a time of day, else null (end of day). */
  time: string | null;
  /** Who receives the report ("省老龄办"), when the sentence says. */
  reportTo: string | null;
  text: string;
}

/** A period to act in: "11月1日至11月30日", "即日起至12月31日". */
export interface RangeObligation {
  kind: 'range';
  start: string;
  end: string;
  text: string;
}

export type RelativeUnit = 'hour' | 'day' | 'workday' | 'week' | 'month';
/** What a relative period counts from: receipt of the notice, its issue, or an event it names. */
export type RelativeAnchor = 'receipt' | 'issue' | 'event';

/** "10个工作日内", "收到通知后3日内", "活动结束后2小时内". */
export interface RelativeObligation {
  kind: 'relative';
  amount: number;
  unit: RelativeUnit;
  anchor: RelativeAnchor;
  text: string;
}

export type RecurringPeriod = 'week' | 'month' | 'bimonth' | 'quarter' | 'halfyear' | 'year';

/**
 * A periodic duty: "每月5日前", "次月十五日内", "每季度末", "每周二中午12时前".
 * `month` is the month within the period (1-3 for a quarter, 1-12 for a year), `day` the day of
 * that month (-1 = last day), `weekday` 1 (Monday) to 7; null when the notice does not say.
 */
export interface RecurringObligation {
  kind: 'recurring';
  period: RecurringPeriod;
  month: number | null;
  day: number | null;
  weekday: number | null;
  time: string | null;
  text: string;
}

export type QuotaPeriod = 'week' | 'month' | 'quarter' | 'year';

/** A minimum count per period: "每年至少开展1项…主题活动". */
export interface QuotaObligation {
  kind: 'quota';
  count: number;
  per: QuotaPeriod;
  what: string | null;
  text: string;
}

/** A duty with a time rule, as extracted from one sentence of a notice. */
export type Obligation =
  DeadlineObligation | RangeObligation | RelativeObligation | RecurringObligation | QuotaObligation;
