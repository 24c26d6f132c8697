import chineseDays from 'chinese-days/dist/chinese-days.json';
import { type CalendarYearData } from './calendar-year';

/**
 * The official 放假安排 bundled with the chinese-days package (2004–2026 in version 1.5.7),
 * regrouped per year. Only the data file is used: its keys are the statutory days off and the
 * 调休 makeup workdays, which is all a working-day calendar needs.
 */
export function chineseDaysYears(): CalendarYearData[] {
  const byYear = new Map<number, CalendarYearData>();
  const entry = (date: string): CalendarYearData => {
    const year = Number(date.slice(0, 4));
    let data = byYear.get(year);
    if (!data) {
      data = { year, holidays: [], workdays: [] };
      byYear.set(year, data);
    }
    return data;
  };
  for (const date of Object.keys(chineseDays.holidays)) entry(date).holidays.push(date);
  for (const date of Object.keys(chineseDays.workdays)) entry(date).workdays.push(date);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
