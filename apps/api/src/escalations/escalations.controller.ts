import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EscalationsRepository } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import { type Caller, CurrentCaller } from '../auth/caller';
import { toIso } from '../common/instants';
import { pageWindow } from '../common/paging.dto';
import { EscalationPageDto, ListEscalationsQueryDto } from './escalation.dto';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class EscalationsController {
  constructor(
    private readonly access: AccessPolicy,
    private readonly escalations: EscalationsRepository,
  ) {}

  @Get()
  @ApiOperation({ summary: '督办记录 under a unit, most overdue first (earliest deadline, then highest level)' })
  @ApiOkResponse({ type: EscalationPageDto })
  @ApiNotFoundResponse({ description: '`under` is unknown or outside the caller’s reach' })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListEscalationsQueryDto): Promise<EscalationPageDto> {
    const scope = await this.access.escalationScope(caller, query.under);
    const page = await this.escalations.list({
      ...scope,
      minLevel: query.minLevel,
      openOnly: query.open,
      directiveId: query.directive,
      ...pageWindow(query),
    });
    return {
      total: page.total,
      items: page.items.map((e) => ({
        id: e.id,
        assignmentId: e.assignmentId,
        directiveId: e.directiveId,
        unitCode: e.unitCode,
        unitName: e.unitName,
        level: e.level,
        reason: e.reason,
        firedAt: toIso(e.firedAt),
        resolvedAt: toIso(e.resolvedAt),
      })),
    };
  }
}
