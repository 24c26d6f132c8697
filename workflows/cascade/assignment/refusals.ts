import type { AssignmentState, Recipient, RefusalCode } from '@cascade/contracts';
import type { DeadlineProblem } from '@cascade/domain/deadlines/deadline-rules';

/** A refusal: its code for programs, its message (Chinese) for people. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  /** URGE_THROTTLED: the instant (epoch ms) from which the next urge is allowed. */
  retryAt?: number;
}

const refuse = (code: RefusalCode, message: string): Refusal => ({ code, message });

/** The refusals, by what they mean; each message is what the user reads. */
export const refusals = {
  notTheUnit: (state: AssignmentState) =>
    refuse('NOT_THE_UNIT', `无权操作：该承办任务属于${state.unitName}（${state.unitCode}）`),
  withdrawn: () => refuse('WITHDRAWN', '该任务已撤回，不能再办理'),
  closed: (state: AssignmentState) =>
    refuse('CLOSED', `该任务已${state.status === 'WITHDRAWN' ? '撤回' : '办结'}，不能再办理`),
  busy: () => refuse('BUSY', '正在处理上一项操作，请稍后再试'),
  alreadyForwarded: (docNumber: string) => refuse('ALREADY_FORWARDED', `已转发（${docNumber}），不能重复转发`),
  cannotForwardIn: (state: AssignmentState) => refuse('WRONG_STATUS', `当前状态（${state.status}）不能转发`),
  cannotReportIn: (state: AssignmentState) => refuse('WRONG_STATUS', `当前状态（${state.status}）不能报送`),
  invalidForwardDeadline: () => refuse('INVALID_REQUEST', '转发期限无效'),
  /** A deadline before now or past the one above it (libs/domain deadline-rules words it). */
  deadline: (problem: DeadlineProblem) => refuse(problem.code, problem.message),
  notAcknowledged: () => refuse('NOT_ACKNOWLEDGED', '尚未签收，请先签收再报送'),
  alreadyReported: () => refuse('ALREADY_REPORTED', '已报送，不能重复报送'),
  emptyReport: () => refuse('INVALID_REQUEST', '报送内容不能为空（无则报零请勾选“零报告”）'),
  childrenNotReported: () =>
    refuse('CHILDREN_NOT_REPORTED', '本公文要求下级单位全部报送后才能上报，仍有下级单位未报送'),
  onlyIssuerAccepts: () => refuse('NOT_THE_ISSUER', '只有发文单位可以办结该任务'),
  notReportedToAccept: () => refuse('NOT_REPORTED', '尚未报送，不能办结'),
  onlyIssuerReturns: () => refuse('NOT_THE_ISSUER', '只有发文单位可以退回报送材料'),
  notReportedToReturn: () => refuse('NOT_REPORTED', '尚未报送，没有可退回的材料'),
  returnReasonMissing: () => refuse('INVALID_REQUEST', '请填写退回理由'),
  noExtensionAfterReport: () => refuse('ALREADY_REPORTED', '已报送，无需申请延期'),
  extensionReasonMissing: () => refuse('INVALID_REQUEST', '请填写延期理由'),
  extensionNotLater: (requested: string, current: string) =>
    refuse('INVALID_REQUEST', `申请的延期期限 ${requested} 不晚于当前报送期限 ${current}`),
  extensionPending: () => refuse('EXTENSION_PENDING', '已有待审批的延期申请'),
  onlyIssuerDecides: () => refuse('NOT_THE_ISSUER', '只有发文单位可以审批延期申请'),
  leaderDecides: () => refuse('NOT_A_LEADER', '延期申请须由发文单位领导审批'),
  noSuchRequest: () => refuse('NO_SUCH_REQUEST', '没有这项延期申请'),
  alreadyDecided: () => refuse('ALREADY_DECIDED', '该延期申请已处理'),
  onlyIssuerOrSupervisorUrges: () => refuse('NOT_A_SUPERVISOR', '只有发文单位或上级督查人员可以催办'),
  noUrgeAfterReport: () => refuse('ALREADY_REPORTED', '该单位已报送，无需催办'),
  urgeThrottled: (retryAt: number, shownAs: string): Refusal => ({
    code: 'URGE_THROTTLED',
    message: `催办过于频繁，${shownAs} 后可再次催办`,
    retryAt,
  }),
  noSuchAmendment: (version: number) => refuse('NO_SUCH_AMENDMENT', `没有第${version}版更正通知`),
  onlyAdminReschedules: () => refuse('NOT_AN_ADMIN', '只有系统管理员可以按新日历重排时限'),
  notForwarded: () => refuse('NOT_FORWARDED', '本单位尚未转发，无可撤回或更正的转发文件'),
  notRecipients: (units: string[]) =>
    refuse('INVALID_REQUEST', `这些单位不是该转发文件的接收单位：${units.join('、')}`),
  forwardRejected: (message: string) => refuse('FORWARD_REJECTED', message),
} as const;

/** Most children one workflow starts directly; more go level by level. */
export const MAX_DIRECT_CHILDREN = 1000;

/** Why a list of recipients cannot receive a directive from `issuerUnit`, or null. */
export function recipientsRefusal(recipients: Recipient[], issuerUnit: string): Refusal | null {
  if (recipients.length === 0) return refuse('INVALID_REQUEST', '请至少选择一个接收单位');
  if (recipients.length > MAX_DIRECT_CHILDREN)
    return refuse('INVALID_REQUEST', `一次最多下发${MAX_DIRECT_CHILDREN}个单位，请分批或逐级转发`);
  const seen = new Set<string>();
  for (const recipient of recipients) {
    if (recipient.unitCode === issuerUnit) return refuse('INVALID_REQUEST', '不能发给本单位');
    if (seen.has(recipient.unitCode)) return refuse('INVALID_REQUEST', `接收单位重复：${recipient.unitCode}`);
    seen.add(recipient.unitCode);
  }
  return null;
}
