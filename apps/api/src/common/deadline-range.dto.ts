import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, Matches } from 'class-validator';
import { ISO_DATE } from './instants';
import { Optional } from './optional';
import { PagingQueryDto } from './paging.dto';

const DAY_MS = 86_400_000;
/** Beijing keeps no daylight saving time: a civil day starts at 00:00+08:00. */
const dayStart = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

/** A listing's paging and its deadline range: days in Beijing time, both ends included. */
export class DeadlineRangeQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'Deadline on or after this day (Beijing time)' })
  @Optional()
  @IsDateString({ strict: true })
  @Matches(ISO_DATE)
  deadlineFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Deadline on or before this day (Beijing time)' })
  @Optional()
  @IsDateString({ strict: true })
  @Matches(ISO_DATE)
  deadlineTo?: string;
}

/** The range as instants (epoch ms): from the first day's start to the start of the day after the last. */
export function deadlineWindow(query: DeadlineRangeQueryDto): { deadlineFrom?: number; deadlineBefore?: number } {
  return {
    ...(query.deadlineFrom ? { deadlineFrom: dayStart(query.deadlineFrom) } : {}),
    ...(query.deadlineTo ? { deadlineBefore: dayStart(query.deadlineTo) + DAY_MS } : {}),
  };
}
