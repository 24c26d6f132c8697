import { Body, Controller, ForbiddenException, HttpCode, HttpStatus, NotFoundException, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decideExtensionUpdate } from '@cascade/contracts';
import { parseCalendarYearData } from '@cascade/domain';
import { ExtensionRequestsRepository } from '@cascade/persistence';
import { AssignmentStateDto } from '../assignments/assignment.dto';
import { AssignmentsService } from '../assignments/assignments.service';
import { type Caller, CurrentCaller } from '../auth/caller';
import { CalendarUpdateService, type MovedAssignment } from './calendar-update.service';
import { AmendDto, CalendarYearDto, ExtensionDecisionDto, WithdrawDto } from './change.dto';
import { DirectiveChangesService } from './directive-changes.service';

@ApiTags('changes')
@ApiBearerAuth()
@Controller()
export class ChangesController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly requests: ExtensionRequestsRepository,
    private readonly directives: DirectiveChangesService,
    private readonly calendar: CalendarUpdateService,
  ) {}

  private async decide(caller: Caller, requestId: string, approve: boolean, note: string | undefined): Promise<AssignmentStateDto> {
    const request = await this.requests.findById(requestId);
    if (!request) throw new NotFoundException('没有这项延期申请');
    return this.assignments.operate(caller, request.assignmentId, 'decideExtension', decideExtensionUpdate, (actor) => ({ actor, requestId, approve, note: note ?? null }));
  }

  @Post('extension-requests/:id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '批准延期: a leader of the issuing unit approves; every timer re-arms from the new deadline' })
  @ApiOkResponse({ type: AssignmentStateDto })
  @ApiConflictResponse({ description: 'Already decided, or the assignment no longer runs' })
  @ApiNotFoundResponse({ description: 'No such request, or the caller may not see it' })
  approve(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: ExtensionDecisionDto): Promise<AssignmentStateDto> {
    return this.decide(caller, id, true, body.note);
  }

  @Post('extension-requests/:id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '驳回延期: a leader of the issuing unit rejects the request' })
  @ApiOkResponse({ type: AssignmentStateDto })
  reject(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: ExtensionDecisionDto): Promise<AssignmentStateDto> {
    return this.decide(caller, id, false, body.note);
  }

  @Post('directives/:id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '撤回: the whole directive or some recipients; every descendant at every level ends WITHDRAWN' })
  @ApiForbiddenResponse({ description: 'Only the issuing unit withdraws' })
  withdraw(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: WithdrawDto): Promise<{ withdrawn: string[] }> {
    return this.directives.withdraw(caller, id, body);
  }

  @Post('directives/:id/amend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '更正/补充通知: a new version pushed down to every unit that forwarded it; each acknowledges it' })
  amend(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: AmendDto): Promise<{ version: number }> {
    return this.directives.amend(caller, id, body);
  }

  @Post('calendar/years/:year')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "A year's 放假安排 (admin): stored, and running working-day timers recomputed; returns what moved" })
  async loadYear(@CurrentCaller() caller: Caller, @Param('year', ParseIntPipe) year: number, @Body() body: CalendarYearDto): Promise<{ year: number; moved: MovedAssignment[] }> {
    if (caller.role !== 'admin') throw new ForbiddenException('只有系统管理员可以更新工作日历');
    const data = parseCalendarYearData({ year, holidays: body.holidays, workdays: body.workdays });
    return { year, moved: await this.calendar.load(data, `api:${caller.unitCode}`) };
  }
}
