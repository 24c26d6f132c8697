import { resolveDeadline } from '@cascade/domain/deadlines/deadline-resolver';
import type { Obligation } from '@cascade/domain/obligations/obligation.types';
import { calendar, formatDateTime } from './format';

export const OBLIGATION_KINDS: Record<string, string> = {
  deadline: '限期报送',
  range: '期间办理',
  relative: '限时办理',
  recurring: '定期报送',
  quota: '数量要求',
};

/** An obligation's due instant against the notice's issue date, as text; null when the rule has none. */
export function resolvedDue(
  obligation: Record<string, unknown>,
  issuedOn: string | null,
): { text: string; due: Date | null; warnings: string[] } | null {
  if (!issuedOn || typeof obligation.kind !== 'string') return null;
  try {
    const resolved = resolveDeadline(obligation as unknown as Obligation, { issuedOn, calendar });
    if (!resolved.due) return { text: '无法确定', due: null, warnings: resolved.warnings };
    const start = resolved.start ? `${formatDateTime(resolved.start)} 至 ` : '';
    return { text: `${start}${formatDateTime(resolved.due)}`, due: resolved.due, warnings: resolved.warnings };
  } catch (e) {
    return { text: '无法确定', due: null, warnings: [e instanceof Error ? e.message : String(e)] };
  }
}

export const obligationText = (o: Record<string, unknown>) =>
  typeof o.text === 'string' ? o.text : typeof o.what === 'string' ? o.what : JSON.stringify(o);
