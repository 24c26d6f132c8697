import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokensRepository, UnitsRepository } from '@cascade/persistence';
import type { AuthenticatedRequest } from './caller';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Global guard: every route but the @Public ones needs a live bearer token (401 otherwise). */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensRepository,
    private readonly units: UnitsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('需要登录：请在 Authorization 头中提供 Bearer 令牌');
    const record = await this.tokens.findByToken(token);
    if (!record) throw new UnauthorizedException('令牌无效');
    if (record.revokedAt !== null) throw new UnauthorizedException('令牌已吊销');
    if (!TokensRepository.isActive(record)) throw new UnauthorizedException('令牌已过期');
    const unit = await this.units.findByCode(record.unitCode);
    request.caller = { tokenId: record.id, unitCode: record.unitCode, unitPath: unit?.path ?? `${record.unitCode}/`, role: record.role };
    return true;
  }
}
