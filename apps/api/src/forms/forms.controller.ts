import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { AssignmentFormDto, DirectiveRollupDto, RollupQueryDto } from './form.dto';
import { FormsService } from './forms.service';

@ApiTags('forms')
@ApiBearerAuth()
@Controller()
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @Get('assignments/:id/form')
  @ApiOperation({ summary: '填报表 of an assignment: the form, its own newest values and its subtree’s totals' })
  @ApiOkResponse({ type: AssignmentFormDto })
  @ApiNotFoundResponse({ description: 'No such assignment, or the caller may not see it' })
  assignmentForm(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<AssignmentFormDto> {
    return this.forms.assignmentForm(caller, id);
  }

  @Get('directives/:id/rollup')
  @ApiOperation({
    summary:
      '逐级汇总: per unit its own values and subtree totals, at every level the caller may see, and a grand total',
  })
  @ApiOkResponse({ type: DirectiveRollupDto })
  @ApiNotFoundResponse({ description: 'No such directive, or the caller may not see it' })
  rollup(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Query() query: RollupQueryDto,
  ): Promise<DirectiveRollupDto> {
    return this.forms.directiveRollup(caller, id, query.depth);
  }
}
