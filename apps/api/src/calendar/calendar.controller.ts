import { Body, Controller, ForbiddenException, HttpCode, HttpStatus, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarUpdateService, type MovedAssignment } from '@cascade/calendar';
import { parseCalendarYearData } from '@cascade/domain';
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
    const data = parseCalendarYearData({ year, holidays: body.holidays, workdays: body.workdays });
    return { year, moved: await this.calendar.load(data, `api:${caller.unitCode}`) };
  }
}
