import * as fs from 'node:fs';
import * as path from 'node:path';
import { CalendarDataError, type CalendarYearData, parseCalendarYearData } from './calendar-year';
import { WorkCalendar } from './work-calendar';

/**
 * Reads every `YYYY.json` in a directory (e.g. config/calendar) as {@link CalendarYearData}.
 * A missing directory means "no overrides". This is the only file I/O in the domain library and
 * lives apart from the pure core so workflow bundles never pull in `fs`.
 * @throws CalendarDataError naming the file when one is unreadable or malformed.
 */
export function loadCalendarOverrides(directory: string): CalendarYearData[] {
  if (!fs.existsSync(directory)) return [];
  const files = fs
    .readdirSync(directory)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .sort();
  return files.map((name) => {
    const file = path.join(directory, name);
    let data: CalendarYearData;
    try {
      data = parseCalendarYearData(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CalendarDataError(`日历文件 ${file} 无效：${reason}`);
    }
    if (`${data.year}.json` !== name) throw new CalendarDataError(`日历文件 ${file} 的 year 应为 ${name.slice(0, 4)}`);
    return data;
  });
}

/** The chinese-days calendar with the overrides of `directory` applied (file data wins). */
export function loadWorkCalendar(directory: string, base: WorkCalendar = WorkCalendar.fromChineseDays()): WorkCalendar {
  return loadCalendarOverrides(directory).reduce((calendar, year) => calendar.withYear(year), base);
}
