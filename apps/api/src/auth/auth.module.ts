import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './bearer-auth.guard';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { MeController } from './me.controller';

/** Bearer-token authentication on every route of the API, with a limit on failed attempts (see BearerAuthGuard); GET /api/me. */
@Module({
  controllers: [MeController],
  providers: [FailedAuthLimiter, { provide: APP_GUARD, useClass: BearerAuthGuard }],
  exports: [FailedAuthLimiter],
})
export class AuthModule {}
