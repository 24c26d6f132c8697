import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as chineseDays from 'chinese-days';
import { loadCalendarOverrides, loadWorkCalendar } from '../calendar-files';
import { shanghaiInstant } from '../time/shanghai-time';
import { CalendarDataError, parseCalendarYearData } from './calendar-year';
import { CalendarCoverageError, WorkCalendar } from './work-calendar';

const calendar = WorkCalendar.fromChineseDays();
const at = (iso: string, hours = 10): Date => {
  const [year, month, day] = iso.split('-').map(Number);
  return shanghaiInstant({ year, month, day }, hours);
};
const endOf = (iso: string): string => at(iso, 0).getTime() + 86_400_000 - 1 + '';

describe('WorkCalendar', () => {
  it('covers 2004–2026 from chinese-days and no other year', () => {
    expect(calendar.knownYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(calendar.knowsYear(2027)).toBe(false);
  });

  it('agrees with chinese-days isWorkday on every day it knows', () => {
    for (let t = Date.UTC(2004, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      if (calendar.isWorkingDay(iso) !== chineseDays.isWorkday(iso)) throw new Error(`differs on ${iso}`);
    }
  });

  it.each([
    ['2024-10-01', false], // 国庆
    ['2024-10-05', false],
    ['2024-10-08', true],
    ['2024-10-12', true], // Saturday makeup workday (调休)
    ['2024-09-29', true], // Sunday makeup workday
    ['2024-10-13', false], // plain Sunday
    ['2024-11-20', true],
  ])('%s working day: %s', (iso, expected) => {
    expect(calendar.isWorkingDay(iso)).toBe(expected);
  });

  it('reads an instant as its Asia/Shanghai day', () => {
    // 2024-09-30T16:30Z is 2024-10-01 00:30 in Shanghai: a holiday.
    expect(calendar.isWorkingDay(new Date('2024-09-30T16:30:00Z'))).toBe(false);
    expect(calendar.isWorkingDay(new Date('2024-09-30T15:30:00Z'))).toBe(true);
  });

  it('adds working days forward to the end of a working day, across 国庆 and 调休', () => {
    expect(calendar.addWorkingDays(at('2024-09-27'), 1).getTime() + '').toBe(endOf('2024-09-29'));
    expect(calendar.addWorkingDays(at('2024-09-30'), 1).getTime() + '').toBe(endOf('2024-10-08'));
    expect(calendar.addWorkingDays(at('2024-10-25'), 10).getTime() + '').toBe(endOf('2024-11-08'));
  });

  it('subtracts working days and treats 0 as "this working day or the next"', () => {
    expect(calendar.addWorkingDays(at('2024-10-11'), -3).getTime() + '').toBe(endOf('2024-10-08'));
    expect(calendar.addWorkingDays(at('2024-10-08'), -1).getTime() + '').toBe(endOf('2024-09-30'));
    expect(calendar.addWorkingDays(at('2024-10-03'), 0).getTime() + '').toBe(endOf('2024-10-08'));
    expect(calendar.addWorkingDays(at('2024-10-09'), 0).getTime() + '').toBe(endOf('2024-10-09'));
  });

  it('counts working days in (a, b], negative backwards, inverse of addWorkingDays', () => {
    expect(calendar.workingDaysBetween(at('2024-09-30'), at('2024-10-08'))).toBe(1);
    expect(calendar.workingDaysBetween(at('2024-10-08'), at('2024-09-30'))).toBe(-1);
    expect(calendar.workingDaysBetween(at('2024-10-25'), at('2024-10-25', 23))).toBe(0);
    const start = at('2024-12-20');
    expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, 17))).toBe(17);
  });

  it('refuses to guess a year it does not know', () => {
    expect(() => calendar.isWorkingDay('2027-03-01')).toThrow(CalendarCoverageError);
    expect(() => calendar.addWorkingDays(at('2026-12-28'), 10)).toThrow(/2027/);
  });

  it('assumes Monday–Friday for unknown years only when asked, and says so', () => {
    const lenient = calendar.assumingWeekdays();
    expect(lenient.isWorkingDay('2027-03-01')).toBe(true);
    expect(lenient.isWorkingDay('2027-03-06')).toBe(false);
    expect(lenient.coverageWarnings(at('2026-12-01'), at('2027-01-10'))).toEqual([expect.stringContaining('2027')]);
    expect(lenient.unknownYearsBetween(at('2026-01-01'), at('2028-01-01'))).toEqual([2027, 2028]);
  });

  it('takes a year of 放假安排 from data without changing the original calendar', () => {
    const with2027 = calendar.withYear({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-09'] });
    expect(with2027.knowsYear(2027)).toBe(true);
    expect(with2027.isWorkingDay('2027-01-01')).toBe(false);
    expect(with2027.isWorkingDay('2027-01-09')).toBe(true);
    expect(with2027.isWorkingDay('2027-01-04')).toBe(true);
    expect(calendar.knowsYear(2027)).toBe(false);
  });

  it('lets data override a known year', () => {
    const changed = calendar.withYear({ year: 2024, holidays: ['2024-11-20'], workdays: [] });
    expect(changed.isWorkingDay('2024-11-20')).toBe(false);
    expect(changed.isWorkingDay('2024-10-12')).toBe(false); // the 调休 of the package data is replaced
  });
});

describe('calendar data files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-calendar-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads config/calendar/YYYY.json files as overrides', () => {
    fs.writeFileSync(
      path.join(dir, '2027.json'),
      JSON.stringify({ year: 2027, holidays: ['2027-02-08'], workdays: ['2027-02-06'] }),
    );
    fs.writeFileSync(path.join(dir, 'README.md'), 'ignored');
    const loaded = loadWorkCalendar(dir);
    expect(loaded.knowsYear(2027)).toBe(true);
    expect(loaded.isWorkingDay('2027-02-08')).toBe(false);
    expect(loaded.isWorkingDay('2027-02-06')).toBe(true);
  });

  it('treats a missing directory as no overrides', () => {
    expect(loadCalendarOverrides(path.join(dir, 'absent'))).toEqual([]);
  });

  it('names the file of malformed data', () => {
    fs.writeFileSync(path.join(dir, '2027.json'), '{"year":2027,"holidays":["2027-02-30"]}');
    expect(() => loadCalendarOverrides(dir)).toThrow(/2027\.json.*2027-02-30/);
    fs.writeFileSync(path.join(dir, '2027.json'), '{"year":2028,"holidays":[]}');
    expect(() => loadCalendarOverrides(dir)).toThrow(CalendarDataError);
  });

  it.each([
    [null, /JSON 对象/],
    [{ holidays: [] }, /year/],
    [{ year: 2027, holidays: '2027-01-01' }, /数组/],
    [{ year: 2027, holidays: ['2028-01-01'] }, /不属于/],
    [{ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-01'] }, /同时/],
  ])('rejects %j', (json, message) => {
    expect(() => parseCalendarYearData(json)).toThrow(message);
  });
});
