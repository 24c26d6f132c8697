import { createContext, useContext } from 'react';
import type { Me } from './api';

export interface Session {
  me: Me;
  signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** Roles that act on assignments and issue directives (supervisors only read). */
export const canAct = (me: Me) => me.role !== 'supervisor';
