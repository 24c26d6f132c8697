import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BearerAuthGuard } from './bearer-auth.guard';

/** Bearer-token authentication on every route of the API (see BearerAuthGuard). */
@Module({ providers: [{ provide: APP_GUARD, useClass: BearerAuthGuard }] })
export class AuthModule {}
