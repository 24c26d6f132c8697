import type { ApiRole } from '@cascade/persistence';

/**
 * Who may see and do what (docs/api.md, "Roles"), as pure functions over facts the AccessPolicy loads.
 * - clerk, leader: act on their own unit's assignments (acknowledge, forward, report) and accept
 *   reports on assignments their unit issued; see directives their unit issued or received, and
 *   the part of a tree below their own assignment; never their siblings.
 * - supervisor: reads everything in its unit's subtree (units.path prefix); acts on nothing.
 * - admin: reads everything; acts like a clerk of its own unit.
 * What a caller may not see is answered 404, so that its existence does not leak.
 */
export interface CallerScope {
  unitCode: string;
  unitPath: string;
  role: ApiRole;
}

/** What access needs to know of an assignment. */
export interface AssignmentLink {
  unitCode: string;
  issuerUnit: string;
  unitPath: string;
}

export type AssignmentOperation =
  | 'acknowledge'
  | 'forward'
  | 'report'
  | 'accept'
  | 'return'
  | 'requestExtension'
  | 'decideExtension'
  | 'urge'
  | 'acknowledgeAmendment';

/** Operations the issuing unit performs on an assignment it sent. */
const ISSUER_OPERATIONS: readonly AssignmentOperation[] = ['accept', 'return', 'decideExtension'];

/** Which nodes of a directive's tree a caller sees. */
export type TreeView = { kind: 'all' } | { kind: 'own'; unitCode: string } | { kind: 'subtree'; path: string };

export interface DirectiveFacts {
  issuerUnit: string;
  /** units.path of the issuer, null when it is not registered. */
  issuerPath: string | null;
  /** The caller's unit holds an assignment of this directive. */
  receivedByCaller: boolean;
  /** An assignment of this directive lies in the caller's subtree (supervisors). */
  touchesCallerSubtree: boolean;
  /** The assignments this directive was forwarded from, nearest first (empty for a top-level directive). */
  ancestors: AssignmentLink[];
  /**
   * The caller's unit received a forward of this directive, at any depth below it: the directive is
   * its 上级来文, which it reads (read-only) as the 附件 of what it received.
   */
  upstreamOfCaller?: boolean;
}

const ACTING_ROLES: readonly ApiRole[] = ['clerk', 'leader', 'admin'];

/** Role names as users read them in a refusal. */
const ROLE_NAMES: Partial<Record<ApiRole, string>> = {
  clerk: '收文员',
  leader: '领导',
  supervisor: '督查人员',
  admin: '管理员',
};

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** The caller's unit holds, or issued, one of these assignments. */
function involves(caller: CallerScope, links: readonly AssignmentLink[]): boolean {
  return links.some((link) => link.unitCode === caller.unitCode || link.issuerUnit === caller.unitCode);
}

/** `chain`: the assignment first, then the assignments it was forwarded from, up to the top. */
export function canReadAssignment(caller: CallerScope, chain: readonly AssignmentLink[]): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'supervisor') return chain.length > 0 && isWithin(chain[0].unitPath, caller.unitPath);
  return involves(caller, chain);
}

/** Why a caller who can see an assignment may not perform an operation on it (403), or null. */
export function operationProblem(
  caller: CallerScope,
  assignment: AssignmentLink,
  operation: AssignmentOperation,
): string | null {
  // 催办 is what supervisors do: the one write open to them (they see only their subtree).
  if (operation === 'urge') {
    return caller.role === 'supervisor' ||
      (ACTING_ROLES.includes(caller.role) && assignment.issuerUnit === caller.unitCode)
      ? null
      : '只有发文单位或上级督查人员可以催办';
  }
  if (!ACTING_ROLES.includes(caller.role)) return `${ROLE_NAMES[caller.role] ?? '此角色'}只能查看，不能办理`;
  if (operation === 'decideExtension' && caller.role === 'clerk') return '延期申请须由发文单位领导审批';
  if (ISSUER_OPERATIONS.includes(operation)) {
    return assignment.issuerUnit === caller.unitCode
      ? null
      : operation === 'accept'
        ? '只有发文单位可以办结该任务'
        : '只有发文单位可以办理此项';
  }
  return assignment.unitCode === caller.unitCode ? null : '只能办理本单位的承办任务';
}

export function canIssueFor(caller: CallerScope, issuerUnit: string): boolean {
  if (caller.role === 'admin') return true;
  return ACTING_ROLES.includes(caller.role) && caller.unitCode === issuerUnit;
}

/** The part of a directive's tree the caller sees, or null when it may not see the directive. */
export function directiveView(caller: CallerScope, facts: DirectiveFacts): TreeView | null {
  if (caller.role === 'admin') return { kind: 'all' };
  if (caller.role === 'supervisor') {
    const issuerWithin = facts.issuerPath !== null && isWithin(facts.issuerPath, caller.unitPath);
    if (issuerWithin || facts.touchesCallerSubtree) return { kind: 'subtree', path: caller.unitPath };
    return facts.upstreamOfCaller ? { kind: 'own', unitCode: caller.unitCode } : null;
  }
  if (facts.issuerUnit === caller.unitCode || involves(caller, facts.ancestors)) return { kind: 'all' };
  return facts.receivedByCaller || facts.upstreamOfCaller ? { kind: 'own', unitCode: caller.unitCode } : null;
}

/** Whose inbox a caller may open. */
export function canReadInbox(caller: CallerScope, unit: { code: string; path: string }): boolean {
  if (caller.role === 'admin') return true;
  if (caller.role === 'supervisor') return isWithin(unit.path, caller.unitPath);
  return unit.code === caller.unitCode;
}

/** Escalations a caller may list under a unit: null when that unit is out of its reach. */
export type EscalationScope = { underPath?: string; involvingUnit?: string };

export function escalationScope(caller: CallerScope, under: { path: string } | null): EscalationScope | null {
  if (caller.role === 'admin') return { underPath: under?.path };
  const underPath = under?.path ?? caller.unitPath;
  if (!isWithin(underPath, caller.unitPath)) return null;
  // A clerk follows its own assignments and those it issued (督办 level 1 goes to the issuer).
  return caller.role === 'supervisor' ? { underPath } : { underPath, involvingUnit: caller.unitCode };
}
