import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AssignmentsRepository } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import { type Caller, CurrentCaller } from '../auth/caller';
import { toIso } from '../common/instants';
import { InboxItemDto, UnitChildDto, UnitNameDto, UnitNamesQueryDto } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly access: AccessPolicy,
    private readonly assignments: AssignmentsRepository,
    private readonly units: UnitsService,
  ) {}

  @Get('names')
  @ApiOperation({
    summary: 'Names of units by code (unknown codes are left out): organisation names are not confidential',
  })
  @ApiOkResponse({ type: [UnitNameDto] })
  names(@Query() query: UnitNamesQueryDto): Promise<UnitNameDto[]> {
    return this.units.names(query.codes);
  }

  @Get(':code/children')
  @ApiOperation({ summary: 'Direct subordinates of a unit (the recipients a forward pre-fills)' })
  @ApiOkResponse({ type: [UnitChildDto] })
  @ApiNotFoundResponse({ description: 'No such unit, or the caller may not see it' })
  children(@CurrentCaller() caller: Caller, @Param('code') code: string): Promise<UnitChildDto[]> {
    return this.units.children(caller, code);
  }

  @Get(':code/inbox')
  @ApiOperation({
    summary: 'The assignments waiting on a unit (待签收, 已签收, 已转发, 已退回), earliest deadline first',
  })
  @ApiOkResponse({ type: [InboxItemDto] })
  @ApiNotFoundResponse({ description: 'No such unit, or the caller may not see its inbox' })
  async inbox(@CurrentCaller() caller: Caller, @Param('code') code: string): Promise<InboxItemDto[]> {
    const unit = await this.access.inboxUnit(caller, code);
    const items = await this.assignments.inbox(unit.code);
    return items.map((item) => ({
      id: item.id,
      directiveId: item.directiveId,
      docNumber: item.docNumber,
      title: item.title,
      status: item.status,
      deadline: toIso(item.deadline),
      overdue: item.overdue,
    }));
  }
}
