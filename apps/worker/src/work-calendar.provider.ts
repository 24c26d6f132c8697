import * as path from 'node:path';
import { Logger, type Provider } from '@nestjs/common';
import { projectRoot } from '@cascade/config';
import { WorkCalendar } from '@cascade/domain';
import { loadWorkCalendar } from '@cascade/domain/calendar-files';

/** Where yearly 放假安排 files override or extend the built-in calendar data. */
export function calendarDirectory(): string {
  return process.env.CASCADE_CALENDAR_DIR || path.join(projectRoot(), 'config', 'calendar');
}

/**
 * The working-day calendar of the worker. Years without data count as Monday–Friday so that a
 * running cascade never stops on a missing year, but each such use is logged as a warning.
 */
export function loadWorkerCalendar(logger = new Logger('WorkCalendar')): WorkCalendar {
  const calendar = loadWorkCalendar(calendarDirectory()).assumingWeekdays();
  logger.log(`working-day calendar covers ${calendar.knownYears()[0]}–${calendar.knownYears().at(-1)}`);
  return calendar;
}

export const workCalendarProvider: Provider = { provide: WorkCalendar, useFactory: () => loadWorkerCalendar() };
