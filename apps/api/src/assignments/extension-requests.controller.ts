import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { decideExtensionUpdate } from '@cascade/contracts';
import { ExtensionRequestsRepository } from '@cascade/persistence';
import { type Caller, CurrentCaller } from '../auth/caller';
import { AssignmentStateDto, ExtensionDecisionDto } from './assignment.dto';
import { AssignmentsService } from './assignments.service';
import { ExtensionRequestItemDto, ListExtensionRequestsQueryDto } from './assignment-list.dto';
import { AssignmentReadsService } from './assignment-reads.service';

/** 延期申请 decisions: an Update of the requesting assignment's workflow. */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('extension-requests')
export class ExtensionRequestsController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly requests: ExtensionRequestsRepository,
    private readonly reads: AssignmentReadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      '待审批: the 延期申请 the caller’s unit decides (as the issuer), pending ones unless status says otherwise',
  })
  @ApiOkResponse({ type: [ExtensionRequestItemDto] })
  list(
    @CurrentCaller() caller: Caller,
    @Query() query: ListExtensionRequestsQueryDto,
  ): Promise<ExtensionRequestItemDto[]> {
    return this.reads.extensionRequestsToDecide(caller, query);
  }

  private async decide(
    caller: Caller,
    requestId: string,
    approve: boolean,
    note: string | undefined,
  ): Promise<AssignmentStateDto> {
    const request = await this.requests.findById(requestId);
    if (!request) throw new NotFoundException('没有这项延期申请');
    return this.assignments.operate(
      caller,
      request.assignmentId,
      'decideExtension',
      decideExtensionUpdate,
      async (actor, row) => ({
        actor,
        requestId,
        approve,
        note: note ?? null,
        issuerDeadline: await this.assignments.issuerDeadline(row),
      }),
    );
  }

  @Post(':id/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '批准延期: a leader of the issuing unit approves; every timer re-arms from the new deadline',
  })
  @ApiOkResponse({ type: AssignmentStateDto })
  @ApiConflictResponse({ description: 'Already decided, or the assignment no longer runs' })
  @ApiNotFoundResponse({ description: 'No such request, or the caller may not see it' })
  approve(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ExtensionDecisionDto,
  ): Promise<AssignmentStateDto> {
    return this.decide(caller, id, true, body.note);
  }

  @Post(':id/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '驳回延期: a leader of the issuing unit rejects the request' })
  @ApiOkResponse({ type: AssignmentStateDto })
  reject(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: ExtensionDecisionDto,
  ): Promise<AssignmentStateDto> {
    return this.decide(caller, id, false, body.note);
  }
}
