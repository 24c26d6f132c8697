import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokensRepository, UnitsRepository } from '@cascade/persistence';
import type { Response } from 'express';
import type { AuthenticatedRequest } from './caller';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Global guard: every route but the @Public ones needs a live bearer token (401 otherwise). A client
 * address with more than 20 failed bearer attempts in a minute is answered 429 with Retry-After.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensRepository,
    private readonly units: UnitsRepository,
    private readonly limiter: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('需要登录：请在 Authorization 头中提供 Bearer 令牌');
    const client = (request as { ip?: string }).ip ?? 'unknown';
    const retryAfter = this.limiter.retryAfterSeconds(client);
    if (retryAfter > 0) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw new HttpException(
        { statusCode: HttpStatus.TOO_MANY_REQUESTS, message: `认证失败次数过多，请 ${retryAfter} 秒后再试` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const record = await this.tokens.findByToken(token);
    const refusal = !record
      ? '令牌无效'
      : record.revokedAt !== null
        ? '令牌已吊销'
        : !TokensRepository.isActive(record)
          ? '令牌已过期'
          : null;
    if (refusal || !record) {
      this.limiter.recordFailure(client);
      throw new UnauthorizedException(refusal ?? '令牌无效');
    }
    const unit = await this.units.findByCode(record.unitCode);
    request.caller = {
      tokenId: record.id,
      unitCode: record.unitCode,
      unitPath: unit?.path ?? `${record.unitCode}/`,
      role: record.role,
    };
    return true;
  }
}
