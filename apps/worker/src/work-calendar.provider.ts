import * as path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { projectRoot } from '@cascade/config';
import { type CalendarYearData, WorkCalendar } from '@cascade/domain';
import { loadWorkCalendar } from '@cascade/domain/calendar-files';
import { CalendarYearsRepository } from '@cascade/persistence';

/** Where yearly 放假安排 files override or extend the built-in calendar data. */
export function calendarDirectory(): string {
  return process.env.CASCADE_CALENDAR_DIR || path.join(projectRoot(), 'config', 'calendar');
}

/**
 * The built-in calendar plus config/calendar files. Years without data count as Monday–Friday
 * so that a running cascade never stops on a missing year; each such use is logged.
 */
export function loadWorkerCalendar(logger = new Logger('WorkCalendar')): WorkCalendar {
  const calendar = loadWorkCalendar(calendarDirectory()).assumingWeekdays();
  logger.log(`working-day calendar covers ${calendar.knownYears()[0]}–${calendar.knownYears().at(-1)}`);
  return calendar;
}

/** How long a calendar read from the database is reused before it is read again. */
const CACHE_MS = 10_000;

/**
 * The calendar in force: files, then the years loaded at run time (`cascade calendar load`,
 * POST /api/calendar/years/:year), which the database holds so every worker sees them.
 */
@Injectable()
export class WorkCalendarSource {
  private readonly base = loadWorkerCalendar();
  private cached: { calendar: WorkCalendar; at: number } | null = null;

  constructor(private readonly years: CalendarYearsRepository) {}

  async current(): Promise<WorkCalendar> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.calendar;
    const loaded = (await this.years.all()) as CalendarYearData[];
    const calendar = loaded.reduce((c, year) => c.withYear(year), this.base);
    this.cached = { calendar, at: Date.now() };
    return calendar;
  }

  /** Forget the cached calendar (after a year was loaded in this process). */
  invalidate(): void {
    this.cached = null;
  }
}
