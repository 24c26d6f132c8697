import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiIntParam, IntParam } from '../common/int-param';
import {
  AssignmentStateDto,
  EmptyBodyDto,
  ExtensionRequestDto,
  ForwardDto,
  ReportDto,
  ReturnDto,
  UrgeDto,
} from './assignment.dto';
import { AssignmentsService } from './assignments.service';
import { AssignmentDetailDto, AssignmentPageDto, ListAssignmentsQueryDto } from './assignment-list.dto';
import { AssignmentReadsService } from './assignment-reads.service';

/** Beyond any directive's number of amendments; keeps the number a safe integer. */
const MAX_VERSION = 1_000_000;

const Operation = (summary: string) => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  for (const decorate of [
    HttpCode(HttpStatus.OK),
    ApiOperation({ summary }),
    ApiOkResponse({ type: AssignmentStateDto, description: 'The assignment’s new state' }),
    ApiConflictResponse({ description: 'The workflow refused: {message} says why (Chinese)' }),
    ApiForbiddenResponse({ description: 'The caller sees the assignment but may not do this' }),
    ApiNotFoundResponse({ description: 'No such assignment, or the caller may not see it' }),
  ]) {
    decorate(target, key, descriptor);
  }
};

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly reads: AssignmentReadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The caller’s unit’s assignments in one list (待办, 已办 or 办结), found by 文号 or title, status and deadline; ' +
      '待办 nearest deadline first, the others most recent first',
  })
  @ApiOkResponse({ type: AssignmentPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListAssignmentsQueryDto): Promise<AssignmentPageDto> {
    return this.reads.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      '处理笺: one assignment with its workflow state, its 催办, when the next 催办 is allowed, and what the caller may do',
  })
  @ApiOkResponse({ type: AssignmentDetailDto })
  @ApiNotFoundResponse({ description: 'No such assignment, or the caller may not see it' })
  detail(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AssignmentDetailDto> {
    return this.reads.detail(caller, id);
  }

  @Post(':id/acknowledge')
  @Operation('签收: acknowledge an assignment of the caller’s unit')
  acknowledge(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() _body: EmptyBodyDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.acknowledge(caller, id);
  }

  @Post(':id/forward')
  @Operation('转发: forward to the unit’s subordinates with an internal deadline no later than its own')
  forward(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ForwardDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.forward(caller, id, body);
  }

  @Post(':id/report')
  @Operation('报送: submit the unit’s report (or a zero report)')
  report(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ReportDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.report(caller, id, body);
  }

  @Post(':id/accept')
  @Operation('办结: the issuing unit accepts the report')
  accept(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() _body: EmptyBodyDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.accept(caller, id);
  }

  @Post(':id/return')
  @Operation('退回: the issuing unit sends a report back for revision (optionally with a new deadline)')
  returnReport(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ReturnDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.returnReport(caller, id, body);
  }

  @Post(':id/extension-requests')
  @Operation('延期申请: the unit asks its issuer for a later deadline; the request is in extensionRequests')
  requestExtension(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ExtensionRequestDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.requestExtension(caller, id, body);
  }

  @Post(':id/urge')
  @Operation('催办: by the issuing unit or a supervisor above it, at most once per urgeInterval')
  @ApiTooManyRequestsResponse({ description: 'Urged too recently: {message, nextAllowedAt}' })
  urge(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: UrgeDto): Promise<AssignmentStateDto> {
    return this.assignments.urge(caller, id, body);
  }

  @Post(':id/amendments/:version/acknowledge')
  @Operation('签收更正通知: the unit acknowledges an amendment of its directive')
  @ApiIntParam('version', 1, MAX_VERSION)
  acknowledgeAmendment(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @IntParam('version', 1, MAX_VERSION) version: number,
    @Body() _body: EmptyBodyDto,
  ): Promise<AssignmentStateDto> {
    return this.assignments.acknowledgeAmendment(caller, id, version);
  }
}
