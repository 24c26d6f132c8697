import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches } from 'class-validator';

/** Body of POST /calendar/years/:year: a year's 放假安排. */
export class CalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01'], description: '法定节假日 (YYYY-MM-DD)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be YYYY-MM-DD dates' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-07'], description: '调休上班日 (YYYY-MM-DD)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'workdays must be YYYY-MM-DD dates' })
  workdays!: string[];
}
