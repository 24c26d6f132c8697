import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthClock } from './auth-clock';
import { BearerAuthGuard } from './bearer-auth.guard';
import { DemoAccountsController } from './demo-accounts.controller';
import { FailedAuthLimiter, SignInLimiter } from './failed-auth-limiter';
import { MeController } from './me.controller';
import { MeService } from './me.service';
import { PeopleAuthService } from './people-auth.service';
import { SignInController } from './sign-in.controller';

/**
 * Authentication on every route of the API: bearer tokens (integrations, the CLI) or the session
 * cookie of a person signed in with a password (see BearerAuthGuard), with a limit on failed
 * attempts; sign-in and sign-out, GET /api/me and the password change.
 */
@Module({
  controllers: [MeController, SignInController, DemoAccountsController],
  providers: [
    AuthClock,
    FailedAuthLimiter,
    SignInLimiter,
    MeService,
    PeopleAuthService,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
  ],
  exports: [FailedAuthLimiter, SignInLimiter],
})
export class AuthModule {}
