import type { Recurrence } from '@cascade/contracts';
import { WorkCalendar } from '../calendar/work-calendar';
import {
  dueLabel,
  periodAt,
  periodContaining,
  periodDeadline,
  periodInRange,
  quotaCheckAt,
  recurrenceProblems,
  scheduleMonths,
} from './recurrence';

// 2027 has no 放假安排 yet: Monday–Friday, as the running system assumes.
const calendar = WorkCalendar.fromChineseDays().assumingWeekdays();
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const monthly: Recurrence = {
  frequency: 'monthly',
  due: { kind: 'dayOfMonth', month: 1, day: 15 },
  start: '2026-01-01',
};

describe('periods', () => {
  it('names the month, quarter and year a day falls in', () => {
    const day = { year: 2026, month: 11, day: 20 };
    expect(periodContaining(monthly, day)).toMatchObject({ key: '2026-11', label: '2026年11月' });
    expect(periodContaining({ frequency: 'quarterly' }, day)).toMatchObject({
      key: '2026-Q4',
      label: '2026年第四季度',
      first: { year: 2026, month: 10, day: 1 },
      last: { year: 2026, month: 12, day: 31 },
    });
    expect(periodContaining({ frequency: 'yearly' }, day)).toMatchObject({ key: '2026', label: '2026年度' });
  });

  it('reads an instant in Asia/Shanghai: 2026-10-31T16:30Z is already November there', () => {
    expect(periodAt(monthly, Date.parse('2026-10-31T16:30:00Z')).key).toBe('2026-11');
  });

  it('fires on the first day of each period', () => {
    expect(scheduleMonths({ frequency: 'monthly' })).toHaveLength(12);
    expect(scheduleMonths({ frequency: 'quarterly' })).toEqual([1, 4, 7, 10]);
    expect(scheduleMonths({ frequency: 'yearly' })).toEqual([1]);
  });
});

describe('deadlines from the working-day calendar', () => {
  it('次月15日前: the end of the 15th of the next month', () => {
    const period = periodContaining(monthly, { year: 2026, month: 11, day: 1 });
    expect(shanghai(periodDeadline(monthly, period, calendar))).toBe('2026-12-15 23:59');
  });

  it('moves a due day off a weekend to the next working day (2026-11-15 is a Sunday)', () => {
    const period = periodContaining(monthly, { year: 2026, month: 10, day: 1 });
    expect(shanghai(periodDeadline(monthly, period, calendar))).toBe('2026-11-16 23:59');
  });

  it('次年1月10日前 for a yearly duty, 季后10个工作日内 for a quarterly one', () => {
    const yearly: Recurrence = {
      frequency: 'yearly',
      due: { kind: 'dayOfMonth', month: 1, day: 10 },
      start: '2026-01-01',
    };
    expect(dueLabel(yearly)).toBe('次年1月10日前');
    // 2027-01-10 is a Sunday.
    expect(shanghai(periodDeadline(yearly, periodContaining(yearly, { year: 2026, month: 3, day: 1 }), calendar))).toBe(
      '2027-01-11 23:59',
    );
    const quarterly: Recurrence = {
      frequency: 'quarterly',
      due: { kind: 'workingDays', count: 10 },
      start: '2026-01-01',
    };
    expect(dueLabel(quarterly)).toBe('季后10个工作日内');
    const q3 = periodContaining(quarterly, { year: 2026, month: 8, day: 1 });
    // 国庆 2026: October 1–7 are off, so the tenth working day after September 30 is October 20.
    expect(shanghai(periodDeadline(quarterly, q3, calendar))).toBe('2026-10-20 23:59');
  });

  it('checks quotas five working days before the period ends', () => {
    const period = periodContaining(monthly, { year: 2026, month: 11, day: 1 });
    expect(shanghai(quotaCheckAt(monthly, period, calendar))).toBe('2026-11-23 09:00');
  });
});

describe('validation', () => {
  const form = { fields: [{ key: 'activities', label: '主题活动数', type: 'integer' as const }] };

  it('accepts a usable recurrence', () => {
    expect(recurrenceProblems({ ...monthly, quotas: [{ field: 'activities', min: 1 }] }, form)).toEqual([]);
  });

  it('names each problem in Chinese', () => {
    const problems = recurrenceProblems(
      {
        frequency: 'monthly',
        due: { kind: 'dayOfMonth', month: 0, day: 32 },
        start: '2026-02-30',
        quotas: [{ field: 'nope', min: 0 }],
      },
      form,
    );
    expect(problems.map((p) => p.field)).toEqual([
      'recurrence.due.month',
      'recurrence.due.day',
      'recurrence.start',
      'recurrence.quotas[0].field',
      'recurrence.quotas[0].min',
    ]);
    expect(problems[3]!.message).toBe('指标“nope”须为填报表中的数值字段');
    expect(recurrenceProblems({ ...monthly, end: '2025-12-31' }, form)[0]!.message).toBe('结束日期不能早于开始日期');
  });

  it('keeps periods between start and end', () => {
    const bounded = { ...monthly, start: '2026-03-10', end: '2026-06-30' };
    const at = (month: number) => periodInRange(bounded, periodContaining(bounded, { year: 2026, month, day: 1 }));
    expect([2, 3, 6, 7].map(at)).toEqual([false, true, true, false]);
  });
});
