import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { DirectiveChangesService } from './directive-changes.service';
import { DirectiveTimelineService } from './directive-timeline.service';
import {
  AmendDto,
  AmendedDto,
  CreateDirectiveDto,
  CreatedDirectiveDto,
  DirectiveDetailDto,
  DirectivePageDto,
  DirectiveTreeDto,
  ListDirectivesQueryDto,
  TimelineEventDto,
  WithdrawDto,
  WithdrawnDto,
} from './directive.dto';
import { DirectivesService } from './directives.service';

@ApiTags('directives')
@ApiBearerAuth()
@Controller('directives')
export class DirectivesController {
  constructor(
    private readonly directives: DirectivesService,
    private readonly changes: DirectiveChangesService,
    private readonly timeline: DirectiveTimelineService,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Issue a directive (公文) to recipient units: starts its workflow and delivers one assignment per recipient',
  })
  @ApiCreatedResponse({ type: CreatedDirectiveDto })
  @ApiForbiddenResponse({ description: 'The caller may not issue for issuerUnit' })
  @ApiUnprocessableEntityResponse({
    description: 'Unknown unit codes (named in the message), or more files than a document may carry',
  })
  @ApiNotFoundResponse({ description: 'A file id that does not exist or that the caller may not use' })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateDirectiveDto): Promise<CreatedDirectiveDto> {
    return this.directives.create(caller, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Directives the caller issued, received or (supervisor) that touch its subtree; newest first',
  })
  @ApiOkResponse({ type: DirectivePageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListDirectivesQueryDto): Promise<DirectivePageDto> {
    return this.directives.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One directive' })
  @ApiOkResponse({ type: DirectiveDetailDto })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<DirectiveDetailDto> {
    return this.directives.get(caller, id);
  }

  @Get(':id/tree')
  @ApiOperation({
    summary: 'The assignments of a directive across every forwarding level, as far as the caller may see',
  })
  @ApiOkResponse({ type: DirectiveTreeDto })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  tree(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<DirectiveTreeDto> {
    return this.directives.tree(caller, id);
  }

  @Get(':id/events')
  @ApiOperation({
    summary:
      '留痕: the event timeline of a directive and its forwards, as far as the caller sees its tree; oldest first',
  })
  @ApiOkResponse({ type: [TimelineEventDto] })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  events(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<TimelineEventDto[]> {
    return this.timeline.timeline(caller, id);
  }

  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '撤回: the whole directive or some recipients; every descendant at every level ends WITHDRAWN',
  })
  @ApiOkResponse({ type: WithdrawnDto })
  @ApiForbiddenResponse({ description: 'Only the issuing unit withdraws' })
  withdraw(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: WithdrawDto): Promise<WithdrawnDto> {
    return this.changes.withdraw(caller, id, body);
  }

  @Post(':id/amend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '更正/补充通知: a new version pushed down to every unit that forwarded it; each acknowledges it',
  })
  @ApiOkResponse({ type: AmendedDto })
  amend(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: AmendDto): Promise<AmendedDto> {
    return this.changes.amend(caller, id, body);
  }
}
