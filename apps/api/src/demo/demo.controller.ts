import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { API_ROLES, type ApiRole } from '@cascade/persistence';
import { Public } from '../auth/public.decorator';
import { DemoTokensService } from './demo-tokens.service';

export class DemoTokenDto {
  @ApiProperty({ example: '省级督查（山西省民政厅）' }) label!: string;
  @ApiProperty({ example: '140000' }) unitCode!: string;
  @ApiProperty({ example: '山西省民政厅' }) unitName!: string;
  @ApiProperty({ enum: API_ROLES }) role!: ApiRole;
  @ApiProperty({ description: 'Bearer token of the demo user' }) token!: string;
}

@ApiTags('demo')
@Public()
@Controller('demo')
export class DemoController {
  constructor(private readonly demo: DemoTokensService) {}

  @Get('tokens')
  @ApiOperation({
    summary:
      'Demo mode only (CASCADE_DEMO=1, no auth): the demo users and their bearer tokens, for the dashboard sign-in shortcut.',
  })
  @ApiOkResponse({ type: [DemoTokenDto] })
  @ApiNotFoundResponse({ description: 'Not in demo mode, or the demo has not been seeded' })
  tokens(): Promise<DemoTokenDto[]> {
    return this.demo.list();
  }
}
