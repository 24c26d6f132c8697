import fc from 'fast-check';
import { WorkCalendar } from '../calendar/work-calendar';
import { type Obligation } from '../obligations/obligation.types';
import { shanghaiInstant } from '../time/shanghai-time';
import { resolveDeadline, shanghaiDateOf } from './deadline-resolver';

const calendar = WorkCalendar.fromChineseDays();
const ctx = { issuedOn: '2024-10-25', calendar };
const text = '…';

describe('resolveDeadline', () => {
  it('X日前 is due at the end of day X in Asia/Shanghai', () => {
    const r = resolveDeadline({ kind: 'deadline', due: '2024-11-20', time: null, reportTo: '省老龄办', text }, ctx);
    expect(r.due!.toISOString()).toBe('2024-11-20T15:59:59.999Z');
  });

  it('uses the time of day when given', () => {
    const r = resolveDeadline({ kind: 'deadline', due: '2024-11-15', time: '18:00', reportTo: null, text }, ctx);
    expect(r.due!.toISOString()).toBe('2024-11-15T10:00:00.000Z');
  });

  it('warns when a deadline falls on a day off, or in a year without calendar data', () => {
    expect(
      resolveDeadline({ kind: 'deadline', due: '2024-10-01', time: null, reportTo: null, text }, ctx).warnings.join(),
    ).toContain('非工作日');
    expect(
      resolveDeadline({ kind: 'deadline', due: '2027-03-01', time: null, reportTo: null, text }, ctx).warnings.join(),
    ).toContain('2027');
  });

  it('counts working days from receipt', () => {
    const receivedAt = shanghaiInstant({ year: 2024, month: 9, day: 27 }, 15);
    const r = resolveDeadline(
      { kind: 'relative', amount: 2, unit: 'workday', anchor: 'receipt', text },
      { ...ctx, receivedAt },
    );
    expect(shanghaiDateOf(r.due!)).toBe('2024-09-30');
  });

  it('falls back to weekdays with a warning when the calendar lacks the year', () => {
    const receivedAt = shanghaiInstant({ year: 2026, month: 12, day: 28 }, 9);
    const r = resolveDeadline(
      { kind: 'relative', amount: 5, unit: 'workday', anchor: 'receipt', text },
      { ...ctx, receivedAt },
    );
    expect(shanghaiDateOf(r.due!)).toBe('2027-01-04');
    expect(r.warnings.join()).toContain('2027');
  });

  it('resolves hours exactly, days/weeks/months to the end of a day', () => {
    const receivedAt = shanghaiInstant({ year: 2024, month: 1, day: 31 }, 9);
    const of = (o: Obligation) => resolveDeadline(o, { ...ctx, receivedAt }).due!.toISOString();
    expect(of({ kind: 'relative', amount: 4, unit: 'hour', anchor: 'receipt', text })).toBe('2024-01-31T05:00:00.000Z');
    expect(of({ kind: 'relative', amount: 3, unit: 'day', anchor: 'receipt', text })).toBe('2024-02-03T15:59:59.999Z');
    expect(of({ kind: 'relative', amount: 1, unit: 'week', anchor: 'receipt', text })).toBe('2024-02-07T15:59:59.999Z');
    expect(of({ kind: 'relative', amount: 1, unit: 'month', anchor: 'receipt', text })).toBe(
      '2024-02-29T15:59:59.999Z',
    );
  });

  it('needs the event time for event-anchored duties', () => {
    const r = resolveDeadline({ kind: 'relative', amount: 3, unit: 'day', anchor: 'event', text }, ctx);
    expect(r.due).toBeNull();
    expect(r.warnings.join()).toContain('事件');
    const eventAt = shanghaiInstant({ year: 2024, month: 11, day: 1 }, 20);
    expect(
      shanghaiDateOf(
        resolveDeadline({ kind: 'relative', amount: 3, unit: 'day', anchor: 'event', text }, { ...ctx, eventAt }).due!,
      ),
    ).toBe('2024-11-04');
  });

  it('resolves recurring duties to their next due instant', () => {
    const next = (o: Omit<Extract<Obligation, { kind: 'recurring' }>, 'kind' | 'text'>) =>
      resolveDeadline({ kind: 'recurring', text, ...o }, ctx).due!.toISOString();
    expect(next({ period: 'month', month: null, day: 5, weekday: null, time: null })).toBe('2024-11-05T15:59:59.999Z');
    expect(next({ period: 'quarter', month: 3, day: -1, weekday: null, time: null })).toBe('2024-12-31T15:59:59.999Z');
    expect(next({ period: 'week', month: null, day: null, weekday: 2, time: '12:00' })).toBe(
      '2024-10-29T04:00:00.000Z',
    );
    expect(next({ period: 'year', month: 1, day: 10, weekday: null, time: null })).toBe('2025-01-10T15:59:59.999Z');
    expect(next({ period: 'month', month: null, day: -1, weekday: null, time: null })).toBe('2024-10-31T15:59:59.999Z');
  });

  it('gives a quota the end of its period and a range its start and end', () => {
    expect(resolveDeadline({ kind: 'quota', count: 1, per: 'year', what: null, text }, ctx).due!.toISOString()).toBe(
      '2024-12-31T15:59:59.999Z',
    );
    const range = resolveDeadline({ kind: 'range', start: '2024-11-01', end: '2024-11-30', text }, ctx);
    expect(range.start!.toISOString()).toBe('2024-10-31T16:00:00.000Z');
    expect(range.due!.toISOString()).toBe('2024-11-30T15:59:59.999Z');
  });

  it('rejects an invalid issue date', () => {
    expect(
      resolveDeadline({ kind: 'quota', count: 1, per: 'year', what: null, text }, { ...ctx, issuedOn: '2024-13-01' })
        .due,
    ).toBeNull();
  });

  it('never resolves a working-day duty to a day off (property)', () => {
    const lenient = calendar.assumingWeekdays();
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2004-01-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 60 }),
        (receivedAt, amount) => {
          const r = resolveDeadline(
            { kind: 'relative', amount, unit: 'workday', anchor: 'receipt', text },
            { issuedOn: '2024-10-25', receivedAt, calendar },
          );
          expect(lenient.isWorkingDay(r.due!)).toBe(true);
          expect(r.due!.getTime()).toBeGreaterThanOrEqual(receivedAt.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('addWorkingDays and workingDaysBetween are inverse (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2004-03-01T00:00:00Z'), max: new Date('2026-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 40 }),
        (start, n) => {
          const end = calendar.addWorkingDays(start, n);
          expect(calendar.workingDaysBetween(start, end)).toBe(n);
          expect(calendar.isWorkingDay(calendar.addWorkingDays(end, -n))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
