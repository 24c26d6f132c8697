import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokensRepository } from '@cascade/persistence';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from './caller';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { PeopleAuthService } from './people-auth.service';
import { IS_PUBLIC } from './public.decorator';
import { CSRF_VALUE, hasCsrfHeader, readCookie, SESSION_COOKIE } from './session-cookie';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 429 with Retry-After for a client address over the failed-attempt limit. */
export function refuseWhenLimited(limiter: FailedAuthLimiter, request: Request, response: Response): void {
  const retryAfter = limiter.retryAfterSeconds(request.ip ?? 'unknown');
  if (retryAfter <= 0) return;
  response.setHeader('Retry-After', String(retryAfter));
  throw new HttpException(
    { statusCode: HttpStatus.TOO_MANY_REQUESTS, message: `认证失败次数过多，请 ${retryAfter} 秒后再试` },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

/**
 * Global guard: every route but the @Public ones needs a live bearer token (integrations, the CLI)
 * or a live session cookie (people in the dashboard); 401 otherwise. A cookie-authenticated request
 * that changes state must carry `X-Requested-With: cascade` (403 otherwise). A client address with
 * more than 20 failed bearer attempts in a minute is answered 429 with Retry-After (sign-ins are
 * limited alike, apart: SignInLimiter).
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensRepository,
    private readonly limiter: FailedAuthLimiter,
    private readonly people: PeopleAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const authorization = request.headers.authorization;
    if (authorization === undefined) {
      const session = readCookie(request, SESSION_COOKIE);
      if (session) return this.bySession(request, session);
    }
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('需要登录：请登录，或在 Authorization 头中提供 Bearer 令牌');
    refuseWhenLimited(this.limiter, request, response);
    const found = await this.tokens.findByTokenWithUnitPath(token);
    const refusal = !found
      ? '令牌无效'
      : found.record.revokedAt !== null
        ? '令牌已吊销'
        : !TokensRepository.isActive(found.record)
          ? '令牌已过期'
          : null;
    if (refusal || !found) {
      this.limiter.recordFailure(request.ip ?? 'unknown');
      throw new UnauthorizedException(refusal ?? '令牌无效');
    }
    const { record, unitPath } = found;
    request.caller = {
      tokenId: record.id,
      unitCode: record.unitCode,
      unitPath: unitPath ?? `${record.unitCode}/`,
      role: record.role,
      person: null,
    };
    return true;
  }

  private async bySession(request: AuthenticatedRequest & Request, session: string): Promise<boolean> {
    const caller = await this.people.callerOfSession(session);
    if (!caller) throw new UnauthorizedException('登录已过期，请重新登录');
    if (!SAFE_METHODS.has(request.method) && !hasCsrfHeader(request))
      throw new ForbiddenException(`请求缺少 X-Requested-With: ${CSRF_VALUE} 请求头`);
    request.caller = caller;
    return true;
  }
}
