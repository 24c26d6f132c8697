import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { PeriodsService } from './periods.service';
import { PeriodsDto, ScheduleAnswerDto, ScheduleChangeDto } from './recurrence.dto';

@ApiTags('directives')
@ApiBearerAuth()
@Controller('directives')
export class RecurrenceController {
  constructor(private readonly periods: PeriodsService) {}

  @Get(':id/periods')
  @ApiOperation({
    summary:
      '周期: the periods of a recurring directive, each with its own directive, deadline, reported count and quotas per recipient; and its schedule',
  })
  @ApiOkResponse({ type: PeriodsDto })
  @ApiNotFoundResponse({ description: 'No such directive, the caller may not see it, or it does not recur' })
  list(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<PeriodsDto> {
    return this.periods.periods(caller, id);
  }

  @Post(':id/schedule/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause the schedule of a recurring directive: no period starts until it resumes' })
  @ApiOkResponse({ type: ScheduleAnswerDto })
  @ApiForbiddenResponse({ description: 'Only the issuing unit or an admin' })
  @ApiNotFoundResponse({ description: 'No such directive, the caller may not see it, or it does not recur' })
  @ApiConflictResponse({ description: 'The directive was withdrawn: its schedule is gone' })
  pause(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ScheduleChangeDto,
  ): Promise<ScheduleAnswerDto> {
    return this.periods.pause(caller, id, body.note);
  }

  @Post(':id/schedule/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Resume the schedule of a recurring directive (periods missed while paused are not started)',
  })
  @ApiOkResponse({ type: ScheduleAnswerDto })
  @ApiForbiddenResponse({ description: 'Only the issuing unit or an admin' })
  @ApiNotFoundResponse({ description: 'No such directive, the caller may not see it, or it does not recur' })
  @ApiConflictResponse({ description: 'The directive was withdrawn: its schedule is gone' })
  resume(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ScheduleChangeDto,
  ): Promise<ScheduleAnswerDto> {
    return this.periods.resume(caller, id, body.note);
  }

  @Post(':id/schedule/run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Start the period under way now (立即发起本期), paused or not: for a period missed while paused or while the engine was down; a period already started is not started twice',
  })
  @ApiOkResponse({ type: ScheduleAnswerDto })
  @ApiForbiddenResponse({ description: 'Only the issuing unit or an admin' })
  @ApiNotFoundResponse({ description: 'No such directive, the caller may not see it, or it does not recur' })
  @ApiConflictResponse({ description: 'The directive was withdrawn: its schedule is gone' })
  runNow(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<ScheduleAnswerDto> {
    return this.periods.runNow(caller, id);
  }
}
