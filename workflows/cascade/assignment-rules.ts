import { ApplicationFailure } from '@temporalio/workflow';
import { type Actor, type AssignmentState, OPERATION_BUSY, type Recipient } from '@cascade/contracts';
import { MAX_DIRECT_CHILDREN } from './delivery';

/**
 * Validators of the assignment Updates: each returns the reason (Chinese, shown to the user
 * as the API's 409 message) why an operation is refused in this state, or null.
 */

/** Refusal while an earlier operation of the same assignment is still running. */
export const BUSY_REASON = '正在处理上一项操作，请稍后再试';

/** Turns a validator's reason into the refusal the API shows as 409; "busy" is typed, so the API knows a retry may succeed. */
export function rejectIf(problem: string | null): void {
  if (problem === BUSY_REASON) throw ApplicationFailure.create({ type: OPERATION_BUSY, message: problem, nonRetryable: true });
  if (problem) throw new Error(problem);
}

const ACTIVE: AssignmentState['status'][] = ['DELIVERED', 'ACKNOWLEDGED', 'FORWARDED', 'RETURNED'];

function notTheUnit(state: AssignmentState, actor: Actor): string | null {
  if (actor.unitCode === state.unitCode || actor.role === 'system') return null;
  return `无权操作：该承办任务属于${state.unitName}（${state.unitCode}）`;
}

function withdrawn(state: AssignmentState): string | null {
  return state.status === 'WITHDRAWN' ? '该任务已撤回，不能再办理' : null;
}

export function acknowledgeProblem(state: AssignmentState, actor: Actor): string | null {
  return notTheUnit(state, actor) ?? withdrawn(state);
}

export function recipientsProblem(recipients: Recipient[], issuerUnit: string): string | null {
  if (recipients.length === 0) return '请至少选择一个接收单位';
  if (recipients.length > MAX_DIRECT_CHILDREN) return `一次最多下发${MAX_DIRECT_CHILDREN}个单位，请分批或逐级转发`;
  const seen = new Set<string>();
  for (const recipient of recipients) {
    if (recipient.unitCode === issuerUnit) return '不能发给本单位';
    if (seen.has(recipient.unitCode)) return `接收单位重复：${recipient.unitCode}`;
    seen.add(recipient.unitCode);
  }
  return null;
}

export function forwardProblem(
  state: AssignmentState,
  actor: Actor,
  deadline: number,
  recipients: Recipient[],
  busy: boolean,
  directiveId?: string,
): string | null {
  const basic = notTheUnit(state, actor) ?? withdrawn(state);
  if (basic) return basic;
  // A retry of the forward that was made (same directive id) is answered, not refused.
  if (state.forward && directiveId !== undefined && state.forward.directiveId === directiveId) return null;
  if (busy) return BUSY_REASON;
  if (state.forward) return `已转发（${state.forward.docNumber}），不能重复转发`;
  if (state.status !== 'DELIVERED' && state.status !== 'ACKNOWLEDGED') return `当前状态（${state.status}）不能转发`;
  if (!Number.isFinite(deadline)) return '转发时限无效';
  if (deadline > state.schedule.deadline) return '转发给下级的时限晚于本单位的报送时限，请提前';
  return recipientsProblem(recipients, state.unitCode);
}

export function reportProblem(state: AssignmentState, actor: Actor, content: string, zeroReport: boolean, childrenAllReported: boolean, busy: boolean): string | null {
  const basic = notTheUnit(state, actor) ?? withdrawn(state);
  if (basic) return basic;
  if (busy) return BUSY_REASON;
  if (state.status === 'DELIVERED') return '尚未签收，请先签收再报送';
  if (state.status === 'REPORTED' || state.status === 'ACCEPTED') return '已报送，不能重复报送';
  if (!ACTIVE.includes(state.status)) return `当前状态（${state.status}）不能报送`;
  if (!zeroReport && content.trim() === '') return '报送内容不能为空（无则报零请勾选“零报告”）';
  if (state.forward && state.policy.requireChildrenBeforeReport && !childrenAllReported) {
    return '本公文要求下级单位全部报送后才能上报，仍有下级单位未报送';
  }
  return null;
}

export function acceptProblem(state: AssignmentState, actor: Actor): string | null {
  if (actor.unitCode !== state.issuerUnit && actor.role !== 'system') return '只有发文单位可以办结该任务';
  return withdrawn(state) ?? (state.status === 'REPORTED' ? null : '尚未报送，不能办结');
}
