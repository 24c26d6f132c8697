import { ApiProperty } from '@nestjs/swagger';
import type { MovedAssignment } from '@cascade/calendar';
import { ISO_DATE, toIso } from '../common/instants';
import { ArrayMaxSize, IsArray, IsDateString, IsString, Matches } from 'class-validator';

/** Body of POST /calendar/years/:year: a year's 放假安排. */
export class CalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01'], description: '法定节假日 (YYYY-MM-DD)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(ISO_DATE, { each: true })
  @IsDateString({ strict: true }, { each: true })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-07'], description: '调休上班日 (YYYY-MM-DD)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(ISO_DATE, { each: true })
  @IsDateString({ strict: true }, { each: true })
  workdays!: string[];
}

export class ScheduleInstantsDto {
  @ApiProperty({ format: 'date-time' }) ackDueAt!: string;
  @ApiProperty({ type: [String], format: 'date-time' }) reminders!: string[];
  @ApiProperty({ type: [String], format: 'date-time' }) ladder!: string[];
}

/** A running assignment whose working-day timers the new calendar moved. */
export class MovedAssignmentDto {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ type: ScheduleInstantsDto }) before!: ScheduleInstantsDto;
  @ApiProperty({ type: ScheduleInstantsDto }) after!: ScheduleInstantsDto;
}

export class CalendarYearLoadedDto {
  @ApiProperty({ type: 'integer' }) year!: number;
  @ApiProperty({ type: [MovedAssignmentDto] }) moved!: MovedAssignmentDto[];
}

const instants = (s: MovedAssignment['before']): ScheduleInstantsDto => ({
  ackDueAt: toIso(s.ackDueAt),
  reminders: s.reminders.map((at) => toIso(at)),
  ladder: s.ladder.map((at) => toIso(at)),
});

export function toMovedAssignmentDto(moved: MovedAssignment): MovedAssignmentDto {
  return { ...moved, before: instants(moved.before), after: instants(moved.after) };
}
