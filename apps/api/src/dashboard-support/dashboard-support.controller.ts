import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { EscalationBoardDto, EscalationBoardQueryDto, MeDto, TimelineEventDto, UnitChildDto, UnitNameDto, UnitNamesQueryDto } from './dashboard-support.dto';
import { DashboardSupportService } from './dashboard-support.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller()
export class DashboardSupportController {
  constructor(private readonly dashboard: DashboardSupportService) {}

  @Get('me')
  @ApiOperation({ summary: 'The caller: the unit and role its token is bound to' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentCaller() caller: Caller): Promise<MeDto> {
    return this.dashboard.me(caller);
  }

  @Get('units/names')
  @ApiOperation({ summary: 'Names of units by code (unknown codes are left out): organisation names are not confidential' })
  @ApiOkResponse({ type: [UnitNameDto] })
  names(@Query() query: UnitNamesQueryDto): Promise<UnitNameDto[]> {
    return this.dashboard.names(query.codes.split(',').map((code) => code.trim()).filter(Boolean).slice(0, 200));
  }

  @Get('units/:code/children')
  @ApiOperation({ summary: 'Direct subordinates of a unit (the recipients a forward pre-fills)' })
  @ApiOkResponse({ type: [UnitChildDto] })
  @ApiNotFoundResponse({ description: 'No such unit, or the caller may not see it' })
  children(@CurrentCaller() caller: Caller, @Param('code') code: string): Promise<UnitChildDto[]> {
    return this.dashboard.children(caller, code);
  }

  @Get('directives/:id/events')
  @ApiOperation({ summary: '留痕: the event timeline of a directive and its forwards, as far as the caller sees its tree; oldest first' })
  @ApiOkResponse({ type: [TimelineEventDto] })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  events(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<TimelineEventDto[]> {
    return this.dashboard.timeline(caller, id);
  }

  @Get('escalation-board')
  @ApiOperation({ summary: '督办 board: open escalations in the caller’s reach with their directive and deadline, most overdue first' })
  @ApiOkResponse({ type: EscalationBoardDto })
  @ApiNotFoundResponse({ description: '`under` is unknown or outside the caller’s reach' })
  board(@CurrentCaller() caller: Caller, @Query() query: EscalationBoardQueryDto): Promise<EscalationBoardDto> {
    return this.dashboard.board(caller, query);
  }
}
