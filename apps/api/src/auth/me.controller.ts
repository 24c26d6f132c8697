import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UnitsRepository } from '@cascade/persistence';
import { type Caller, CurrentCaller } from './caller';
import { MeDto } from './me.dto';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly units: UnitsRepository) {}

  @Get()
  @ApiOperation({ summary: 'The caller: the unit and role its token is bound to' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentCaller() caller: Caller): Promise<MeDto> {
    const unit = await this.units.findByCode(caller.unitCode);
    return {
      unitCode: caller.unitCode,
      unitName: unit?.name ?? caller.unitCode,
      unitLevel: unit?.level ?? null,
      role: caller.role,
    };
  }
}
