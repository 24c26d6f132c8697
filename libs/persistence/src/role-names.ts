import { API_ROLES, type ApiRole } from './entities/api-token.entity';

/** What users read for each role. */
export const ROLE_NAMES: Readonly<Record<ApiRole, string>> = {
  clerk: '收文员',
  leader: '领导',
  supervisor: '督查',
  admin: '管理员',
};

/** A role given in English (`clerk`) or Chinese (`收文员`); null when it is neither. */
export function parseRole(text: string): ApiRole | null {
  const value = text.trim();
  const english = value.toLowerCase();
  if ((API_ROLES as readonly string[]).includes(english)) return english as ApiRole;
  return API_ROLES.find((role) => ROLE_NAMES[role] === value) ?? null;
}
