import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
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
import {
  CreateDirectiveDto,
  CreatedDirectiveDto,
  DirectiveDetailDto,
  DirectivePageDto,
  DirectiveTreeDto,
  ListDirectivesQueryDto,
} from './directive.dto';
import { DirectivesService } from './directives.service';

@ApiTags('directives')
@ApiBearerAuth()
@Controller('directives')
export class DirectivesController {
  constructor(private readonly directives: DirectivesService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a directive (公文) to recipient units: starts its workflow and delivers one assignment per recipient' })
  @ApiCreatedResponse({ type: CreatedDirectiveDto })
  @ApiForbiddenResponse({ description: 'The caller may not issue for issuerUnit' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown unit codes (named in the message)' })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateDirectiveDto): Promise<CreatedDirectiveDto> {
    return this.directives.create(caller, body);
  }

  @Get()
  @ApiOperation({ summary: 'Directives the caller issued, received or (supervisor) that touch its subtree; newest first' })
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
  @ApiOperation({ summary: 'The assignments of a directive across every forwarding level, as far as the caller may see' })
  @ApiOkResponse({ type: DirectiveTreeDto })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  tree(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<DirectiveTreeDto> {
    return this.directives.tree(caller, id);
  }
}
