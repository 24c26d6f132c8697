import { Injectable } from '@nestjs/common';
import type { CalendarYearData, WorkCalendar } from '@cascade/domain';
import { CalendarYearsRepository } from '@cascade/persistence';
import { loadConfiguredCalendar } from './configured-calendar';

/** How long a calendar read from the database is reused before it is read again. */
const CACHE_MS = 10_000;

/**
 * The calendar in force: files, then the years loaded at run time (`cascade calendar load`,
 * POST /api/calendar/years/:year), which the database holds so every worker sees them.
 */
@Injectable()
export class WorkCalendarSource {
  private readonly base = loadConfiguredCalendar();
  private cached: { calendar: WorkCalendar; at: number } | null = null;

  constructor(private readonly years: CalendarYearsRepository) {}

  async current(): Promise<WorkCalendar> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.calendar;
    const loaded = (await this.years.all()) as CalendarYearData[];
    const calendar = loaded.reduce((c, year) => c.withYear(year), this.base);
    this.cached = { calendar, at: Date.now() };
    return calendar;
  }
}
