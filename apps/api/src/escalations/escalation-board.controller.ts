import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { EscalationBoardService } from './escalation-board.service';
import { EscalationBoardDto, EscalationBoardQueryDto } from './escalation.dto';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalation-board')
export class EscalationBoardController {
  constructor(private readonly board: EscalationBoardService) {}

  @Get()
  @ApiOperation({
    summary: '督办 board: open escalations in the caller’s reach with their directive and deadline, most overdue first',
  })
  @ApiOkResponse({ type: EscalationBoardDto })
  @ApiNotFoundResponse({ description: '`under` is unknown or outside the caller’s reach' })
  show(@CurrentCaller() caller: Caller, @Query() query: EscalationBoardQueryDto): Promise<EscalationBoardDto> {
    return this.board.board(caller, query);
  }
}
