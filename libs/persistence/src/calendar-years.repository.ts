import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import type { CalendarYearData } from '@cascade/domain';
import { CalendarYearEntity } from './entities/calendar-year.entity';

/** 放假安排 years loaded at run time; each overrides the built-in calendar data of its year. */
@Injectable()
export class CalendarYearsRepository {
  private readonly years: Repository<CalendarYearEntity>;

  constructor(dataSource: DataSource) {
    this.years = dataSource.getRepository(CalendarYearEntity);
  }

  /** Stores a year (validated by the caller, e.g. with parseCalendarYearData), replacing what was loaded for it before. */
  async upsert(data: CalendarYearData, source: string, now = Date.now()): Promise<CalendarYearEntity> {
    const record = this.years.create({
      year: data.year,
      holidays: [...data.holidays],
      workdays: [...data.workdays],
      source,
      loadedAt: now,
    });
    await this.years.upsert(record, ['year']);
    return record;
  }

  /** Every loaded year, in order. */
  all(): Promise<CalendarYearEntity[]> {
    return this.years.find({ order: { year: 'ASC' } });
  }
}
