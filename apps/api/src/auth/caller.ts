import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiRole } from '@cascade/persistence';

/** The authenticated caller: the unit and role its bearer token is bound to. */
export interface Caller {
  tokenId: string;
  unitCode: string;
  /** units.path of the caller's unit (`{code}/` when the unit is no longer registered). */
  unitPath: string;
  role: ApiRole;
}

export interface AuthenticatedRequest {
  caller?: Caller;
}

/** Injects the Caller the BearerAuthGuard attached to the request. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a public route');
  return caller;
});
