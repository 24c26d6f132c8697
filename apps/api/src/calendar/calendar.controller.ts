import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpStatus,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarUpdateService } from '@cascade/calendar';
import { CalendarDataError, type CalendarYearData, parseCalendarYearData } from '@cascade/domain';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiIntParam, IntParam } from '../common/int-param';
import { CalendarYearDto, CalendarYearLoadedDto, toMovedAssignmentDto } from './calendar.dto';

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

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
  @ApiOkResponse({ type: CalendarYearLoadedDto })
  @ApiIntParam('year', MIN_YEAR, MAX_YEAR)
  async loadYear(
    @CurrentCaller() caller: Caller,
    @IntParam('year', MIN_YEAR, MAX_YEAR) year: number,
    @Body() body: CalendarYearDto,
  ): Promise<CalendarYearLoadedDto> {
    if (caller.role !== 'admin') throw new ForbiddenException('只有系统管理员可以更新工作日历');
    const data = calendarYearOf(year, body);
    const moved = await this.calendar.load(data, `api:${caller.unitCode}`);
    return { year, moved: moved.map(toMovedAssignmentDto) };
  }
}

/** The year's data, or a 422 naming the rule it breaks (a date of another year, a day both holiday and workday). */
function calendarYearOf(year: number, body: CalendarYearDto): CalendarYearData {
  try {
    return parseCalendarYearData({ year, holidays: body.holidays, workdays: body.workdays });
  } catch (error) {
    if (error instanceof CalendarDataError)
      throw new UnprocessableEntityException({ code: 'CALENDAR_RULE', message: error.message });
    throw error;
  }
}
