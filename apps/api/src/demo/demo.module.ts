import { Module } from '@nestjs/common';
import { DemoController } from './demo.controller';
import { DemoTokensService } from './demo-tokens.service';

/** GET /api/demo/tokens: the demo users' sign-in shortcut, in demo mode only. */
@Module({ controllers: [DemoController], providers: [DemoTokensService] })
export class DemoModule {}
