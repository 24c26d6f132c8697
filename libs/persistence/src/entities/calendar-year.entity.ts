import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EpochColumn, JsonColumn } from '../columns';

/**
 * One year's 放假安排 loaded at run time (`cascade calendar load`, `POST /api/calendar/years/:year`);
 * it overrides the calendar data built into libs/domain for that year.
 */
@Entity({ name: 'calendar_years' })
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'int' })
  year!: number;

  /** Weekdays off, `YYYY-MM-DD`. */
  @JsonColumn('holidays')
  holidays!: string[];

  /** Weekend days worked instead (调休), `YYYY-MM-DD`. */
  @JsonColumn('workdays')
  workdays!: string[];

  /** Where the data came from, e.g. the loaded file or `api:{unitCode}`. */
  @Column({ type: 'varchar', length: 500 })
  source!: string;

  @EpochColumn('loaded_at')
  loadedAt!: number;
}
