import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import { AssignmentStateDto, EmptyBodyDto, ForwardDto, ReportDto } from './assignment.dto';
import { AssignmentsService } from './assignments.service';

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
  constructor(private readonly assignments: AssignmentsService) {}

  @Post(':id/acknowledge')
  @Operation('签收: acknowledge an assignment of the caller’s unit')
  acknowledge(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() _body: EmptyBodyDto): Promise<AssignmentStateDto> {
    return this.assignments.acknowledge(caller, id);
  }

  @Post(':id/forward')
  @Operation('转发: forward to the unit’s subordinates with an internal deadline no later than its own')
  forward(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: ForwardDto): Promise<AssignmentStateDto> {
    return this.assignments.forward(caller, id, body);
  }

  @Post(':id/report')
  @Operation('报送: submit the unit’s report (or a zero report)')
  report(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() body: ReportDto): Promise<AssignmentStateDto> {
    return this.assignments.report(caller, id, body);
  }

  @Post(':id/accept')
  @Operation('办结: the issuing unit accepts the report')
  accept(@CurrentCaller() caller: Caller, @Param('id') id: string, @Body() _body: EmptyBodyDto): Promise<AssignmentStateDto> {
    return this.assignments.accept(caller, id);
  }
}
