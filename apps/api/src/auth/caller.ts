import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@cascade/contracts';
import type { ApiRole } from '@cascade/persistence';

/** The person behind a signed-in session. */
export interface CallerPerson {
  id: string;
  name: string;
}

/** The authenticated caller: the unit and role of its bearer token, or of the person signed in. */
export interface Caller {
  /** The token's id, or `person:<id>` for a session: what idempotency keys and uploads are recorded under. */
  tokenId: string;
  unitCode: string;
  /** units.path of the caller's unit (`{code}/` when the unit is no longer registered). */
  unitPath: string;
  role: ApiRole;
  /** The person signed in by cookie; null for a bearer token (an integration, the CLI). */
  person: CallerPerson | null;
  /** SHA-256 of the session cookie's value, when the caller came with one. */
  sessionHash?: string;
}

export interface AuthenticatedRequest {
  caller?: Caller;
}

/** Who did it, for the workflow's audit trail (留痕): the unit, the role and, for a person, the name. */
export function actorOf(caller: Caller): Actor {
  return {
    unitCode: caller.unitCode,
    role: caller.role,
    ...(caller.person ? { name: caller.person.name } : {}),
  };
}

/** Injects the Caller the BearerAuthGuard attached to the request. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a public route');
  return caller;
});
