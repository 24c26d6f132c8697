import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CASCADE_CONFIG, type CascadeConfig } from '@cascade/config';
import { API_ROLES, type ApiRole, readDemoAccounts, ROLE_NAMES } from '@cascade/persistence';
import { Public } from './public.decorator';

export class DemoAccountDto {
  @ApiProperty({ example: 'linfen-clerk' }) login!: string;
  @ApiProperty({ example: '临汾市民政局收文员', description: 'A role title: the demo has no real names' })
  name!: string;
  @ApiProperty({ example: '141000' }) unitCode!: string;
  @ApiProperty({ example: '临汾市民政局' }) unitName!: string;
  @ApiProperty({ enum: API_ROLES }) role!: ApiRole;
  @ApiProperty({ example: '收文员' }) roleName!: string;
  @ApiProperty({ description: 'The demo password (the same for every demo account)' }) password!: string;
}

@ApiTags('demo')
@Public()
@Controller('demo')
export class DemoAccountsController {
  constructor(@Inject(CASCADE_CONFIG) private readonly config: CascadeConfig) {}

  @Get('accounts')
  @ApiOperation({
    summary: 'Demo mode only (CASCADE_DEMO=1, no auth): the demo people and their password, to pick one at sign-in',
  })
  @ApiOkResponse({ type: [DemoAccountDto] })
  @ApiNotFoundResponse({ description: 'Not in demo mode, or the demo has not been seeded' })
  accounts(): DemoAccountDto[] {
    if (!this.config.demo) throw new NotFoundException('未开启演示模式（CASCADE_DEMO=1）');
    const demo = readDemoAccounts(this.config.dataDir);
    if (!demo) throw new NotFoundException('演示数据尚未生成：请用 npm start 启动');
    return demo.accounts.map((account) => ({
      ...account,
      roleName: ROLE_NAMES[account.role],
      password: demo.password,
    }));
  }
}
