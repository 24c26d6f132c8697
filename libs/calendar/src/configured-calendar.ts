import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { projectRoot } from '@cascade/config';
import type { WorkCalendar } from '@cascade/domain';
import { loadWorkCalendar } from '@cascade/domain/calendar-files';

/** Where yearly 放假安排 files override or extend the built-in calendar data. */
export function calendarDirectory(): string {
  return process.env.CASCADE_CALENDAR_DIR || path.join(projectRoot(), 'config', 'calendar');
}

/**
 * The built-in calendar plus config/calendar files. Years without data count as Monday–Friday
 * so that a running cascade never stops on a missing year; each such use is logged.
 */
export function loadConfiguredCalendar(logger = new Logger('WorkCalendar')): WorkCalendar {
  const calendar = loadWorkCalendar(calendarDirectory()).assumingWeekdays();
  logger.log(`working-day calendar covers ${calendar.knownYears()[0]}–${calendar.knownYears().at(-1)}`);
  return calendar;
}
