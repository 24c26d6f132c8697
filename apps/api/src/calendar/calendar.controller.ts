import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpStatus,
  Param,
  ParseIntPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarUpdateService, type MovedAssignment } from '@cascade/calendar';
import { CalendarDataError, type CalendarYearData, parseCalendarYearData } from '@cascade/domain';
import { type Caller, CurrentCaller } from '../auth/caller';
import { CalendarYearDto } from './calendar.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarUpdateService) {}

  @Post('years/:year')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "A year's 放假安排 (admin): stored, and running working-day timers recomputed; returns what moved",
  })
  async loadYear(
    @CurrentCaller() caller: Caller,
    @Param('year', ParseIntPipe) year: number,
    @Body() body: CalendarYearDto,
  ): Promise<{ year: number; moved: MovedAssignment[] }> {
    if (caller.role !== 'admin') throw new ForbiddenException('只有系统管理员可以更新工作日历');
    const data = calendarYearOf(year, body);
    return { year, moved: await this.calendar.load(data, `api:${caller.unitCode}`) };
  }
}

/** The year's data, or a 400 naming what is wrong (an impossible date, a date of another year, a clash). */
function calendarYearOf(year: number, body: CalendarYearDto): CalendarYearData {
  try {
    return parseCalendarYearData({ year, holidays: body.holidays, workdays: body.workdays });
  } catch (error) {
    if (error instanceof CalendarDataError) throw new BadRequestException(error.message);
    throw error;
  }
}
