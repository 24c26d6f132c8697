import { CLOSED_STATUSES, REPORTED_STATUSES, type Actor, type AssignmentState } from '@cascade/contracts';

/**
 * Validators of the Updates that change a running assignment (issue 6). Each returns the reason
 * (Chinese, shown to the user) why the operation is refused in this state, or null.
 */

const isIssuer = (state: AssignmentState, actor: Actor) => actor.unitCode === state.issuerUnit || actor.role === 'system';
const isUnit = (state: AssignmentState, actor: Actor) => actor.unitCode === state.unitCode || actor.role === 'system';
const closed = (state: AssignmentState) => (CLOSED_STATUSES.includes(state.status) ? `该任务已${state.status === 'WITHDRAWN' ? '撤回' : '办结'}，不能再办理` : null);

export function returnProblem(state: AssignmentState, actor: Actor, reason: string, newDeadline: number | null, now: number): string | null {
  if (!isIssuer(state, actor)) return '只有发文单位可以退回报送材料';
  if (state.status !== 'REPORTED') return closed(state) ?? '尚未报送，没有可退回的材料';
  if (!reason.trim()) return '请填写退回理由';
  if (newDeadline !== null && !(newDeadline > now)) return '新的报送时限必须晚于当前时间';
  return null;
}

export function extensionRequestProblem(state: AssignmentState, actor: Actor, newDeadline: number, reason: string): string | null {
  if (!isUnit(state, actor)) return `无权操作：该承办任务属于${state.unitName}（${state.unitCode}）`;
  const ended = closed(state);
  if (ended) return ended;
  if (REPORTED_STATUSES.includes(state.status)) return '已报送，无需申请延期';
  if (!reason.trim()) return '请填写延期理由';
  if (!(newDeadline > state.schedule.deadline)) return '申请的新时限必须晚于当前报送时限';
  if ((state.extensionRequests ?? []).some((r) => r.status === 'PENDING')) return '已有待审批的延期申请';
  return null;
}

export function extensionDecisionProblem(state: AssignmentState, actor: Actor, requestId: string): string | null {
  if (!isIssuer(state, actor)) return '只有发文单位可以审批延期申请';
  if (actor.role !== 'leader' && actor.role !== 'admin' && actor.role !== 'system') return '延期申请须由发文单位领导审批';
  const ended = closed(state);
  if (ended) return ended;
  const request = (state.extensionRequests ?? []).find((r) => r.id === requestId);
  if (!request) return '没有这项延期申请';
  return request.status === 'PENDING' ? null : '该延期申请已处理';
}

export function urgeProblem(state: AssignmentState, actor: Actor): string | null {
  const allowed = isIssuer(state, actor) || actor.role === 'supervisor' || actor.role === 'admin';
  if (!allowed) return '只有发文单位或上级督查人员可以催办';
  const ended = closed(state);
  if (ended) return ended;
  return REPORTED_STATUSES.includes(state.status) ? '该单位已报送，无需催办' : null;
}

export function amendmentAckProblem(state: AssignmentState, actor: Actor, version: number): string | null {
  if (!isUnit(state, actor)) return `无权操作：该承办任务属于${state.unitName}（${state.unitCode}）`;
  return (state.amendments ?? []).some((a) => a.version === version) ? null : `没有第${version}版更正通知`;
}

export function rescheduleProblem(state: AssignmentState, actor: Actor): string | null {
  if (actor.role !== 'system' && actor.role !== 'admin') return '只有系统管理员可以按新日历重排时限';
  return closed(state);
}

export function forwardChangeProblem(state: AssignmentState, actor: Actor, units: string[] | null | undefined): string | null {
  if (!isUnit(state, actor)) return `无权操作：该承办任务属于${state.unitName}（${state.unitCode}）`;
  if (!state.forward) return '本单位尚未转发，无可撤回或更正的转发文件';
  const known = new Set(state.forward.recipients.map((r) => r.unitCode));
  const unknown = (units ?? []).filter((unit) => !known.has(unit));
  return unknown.length ? `这些单位不是该转发文件的接收单位：${unknown.join('、')}` : null;
}
