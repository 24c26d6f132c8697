import type { AmendmentChanges, AssignmentEvent, EscalationRecord } from '@cascade/contracts';
import type { NotificationKind } from '../entities/notification.entity';
import { formatShanghai } from './shanghai-time';
import { ASSIGNMENT_STATUS_LABELS } from '@cascade/contracts/status-labels';

/** What a message needs beyond the event: the directive's wording and the issuing unit. */
export interface NotificationContext {
  /** Null when the directive is not projected yet; the message then names it by id. */
  directive: { title: string; docNumber: string } | null;
  issuerName: string;
  /** The issuing unit's parent, which receives level 2 and 3 escalations; null when unknown. */
  issuerParentUnit: string | null;
  /** Name of the unit that acted, when it is not the issuer (a supervisor who urges); else null or absent. */
  actorName?: string | null;
}

/** A notification before it gets its outbox id. */
export interface NotificationDraft {
  recipientUnit: string;
  kind: NotificationKind;
  subject: string;
  body: string;
}

/** Event types that notify someone; the others (acknowledge, forward, accept…) notify nobody. */
export const NOTIFYING_EVENT_TYPES: ReadonlySet<AssignmentEvent['type']> = new Set([
  'ASSIGNMENT_DELIVERED',
  'REMINDER_SENT',
  'ESCALATED',
  'REPORT_SUBMITTED',
  'REPORT_RETURNED',
  'EXTENSION_REQUESTED',
  'EXTENSION_DECIDED',
  'DEADLINE_CHANGED',
  'ASSIGNMENT_WITHDRAWN',
  'AMENDMENT_RECEIVED',
  'URGED',
  'FORWARD_FLAGGED',
]);

export const ESCALATION_LEVEL_LABELS: Record<EscalationRecord['level'], string> = {
  1: '督办',
  2: '上级督办',
  3: '通报',
};

const REASONS: Record<EscalationRecord['reason'], { text: string; due: string }> = {
  NOT_ACKNOWLEDGED: { text: '逾期未签收', due: '签收时限' },
  OVERDUE: { text: '逾期未报送', due: '报送截止时间' },
};

const DEADLINE_CAUSES: Record<Extract<AssignmentEvent, { type: 'DEADLINE_CHANGED' }>['cause'], string> = {
  EXTENSION: '延期申请获批',
  RETURN: '退回修改',
  AMENDMENT: '更正/补充通知',
  CALENDAR: '工作日历调整',
};

/** What an amendment changed, in words: `标题改为《…》；报送截止时间调整为 …`. */
function describeChanges(changes: AmendmentChanges): string {
  const parts = [
    changes.title !== undefined ? `标题改为《${changes.title}》` : null,
    changes.body !== undefined ? '正文已修改' : null,
    changes.deadline !== undefined ? `报送截止时间调整为 ${formatShanghai(changes.deadline)}` : null,
    changes.obligations !== undefined ? '工作要求已调整' : null,
  ].filter(Boolean);
  return parts.length ? parts.join('；') : '无内容变更';
}

/** `。原因：…` and the like: a labelled remark, or nothing when there is no text. */
function remark(label: string, text: string | null | undefined): string {
  return text?.trim() ? `${label}：${text.trim()}。` : '';
}

/**
 * The notifications an assignment event sends, in Chinese with Asia/Shanghai times. Forwards send
 * none: the subordinates' deliveries cover them.
 */
export function notificationsFor(event: AssignmentEvent, context: NotificationContext): NotificationDraft[] {
  const s = event.snapshot;
  const title = `《${context.directive?.title ?? event.directiveId}》`;
  const cited = context.directive?.docNumber ? `${title}（${context.directive.docNumber}）` : title;
  switch (event.type) {
    case 'ASSIGNMENT_DELIVERED':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'DELIVERED',
          subject: `待签收：${title}${context.directive?.docNumber ?? ''}`,
          body: `${context.issuerName}下发${cited}，请于 ${formatShanghai(s.ackDueAt)} 前签收，报送截止时间 ${formatShanghai(s.deadline)}。`,
        },
      ];
    case 'REMINDER_SENT':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'REMINDER',
          subject: `催报提醒：${title}`,
          body: `${cited}的报送截止时间为 ${formatShanghai(s.deadline)}，当前状态：${ASSIGNMENT_STATUS_LABELS[s.status]}，请按时报送。`,
        },
      ];
    case 'ESCALATED': {
      const { level, reason, firedAt } = event.escalation;
      const label = ESCALATION_LEVEL_LABELS[level];
      const { text, due } = REASONS[reason];
      const dueAt = reason === 'NOT_ACKNOWLEDGED' ? s.ackDueAt : s.deadline;
      return [
        {
          recipientUnit: level === 1 ? s.issuerUnit : (context.issuerParentUnit ?? s.issuerUnit),
          kind: 'ESCALATION',
          subject: `${label}：${s.unitName}${text}${title}`,
          body: `${s.unitName}${text}${cited}，${due} ${formatShanghai(dueAt)}；第${level}级${label}于 ${formatShanghai(firedAt)} 启动。`,
        },
      ];
    }
    case 'REPORT_SUBMITTED': {
      const { report } = event;
      const remarks = [report.zeroReport ? '无则报零' : null, report.late ? '逾期报送' : null].filter(Boolean);
      return [
        {
          recipientUnit: s.issuerUnit,
          kind: 'REPORT_SUBMITTED',
          subject: `已报送：${s.unitName}${title}`,
          body: `${s.unitName}于 ${formatShanghai(report.submittedAt)} 报送${cited}第${report.version}版材料${remarks.length ? `（${remarks.join('，')}）` : ''}。`,
        },
      ];
    }
    case 'REPORT_RETURNED':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'REPORT_RETURNED',
          subject: `退回修改：${title}`,
          body: `${context.issuerName}退回了${s.unitName}报送的${cited}材料。${remark('退回原因', event.reason)}请修改后于 ${formatShanghai(event.newDeadline ?? s.deadline)} 前重新报送。`,
        },
      ];
    case 'EXTENSION_REQUESTED': {
      const { request } = event;
      return [
        {
          recipientUnit: s.issuerUnit,
          kind: 'EXTENSION_REQUESTED',
          subject: `延期申请：${s.unitName}${title}`,
          body: `${s.unitName}申请将${cited}的报送截止时间由 ${formatShanghai(s.deadline)} 延至 ${formatShanghai(request.requestedDeadline)}。${remark('申请理由', request.reason)}请审批。`,
        },
      ];
    }
    case 'EXTENSION_DECIDED': {
      const { request } = event;
      if (request.status === 'PENDING') return [];
      const approved = request.status === 'APPROVED';
      const outcome = approved
        ? `已批准延期申请，报送截止时间调整为 ${formatShanghai(request.requestedDeadline)}。`
        : `未批准延期申请（申请延至 ${formatShanghai(request.requestedDeadline)}），报送截止时间仍为 ${formatShanghai(s.deadline)}。`;
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'EXTENSION_DECIDED',
          subject: `${approved ? '延期申请已批准' : '延期申请未批准'}：${title}`,
          body: `${context.issuerName}对${cited}${outcome}${remark('审批意见', request.decisionNote)}`,
        },
      ];
    }
    case 'DEADLINE_CHANGED':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'DEADLINE_CHANGED',
          subject: `时限调整：${title}`,
          body: `${cited}的报送截止时间由 ${formatShanghai(event.previousDeadline)} 调整为 ${formatShanghai(event.deadline)}（${DEADLINE_CAUSES[event.cause]}）。`,
        },
      ];
    case 'ASSIGNMENT_WITHDRAWN':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'WITHDRAWN',
          subject: `已撤回：${title}`,
          body: `${context.issuerName}已撤回${cited}，${s.unitName}无需继续办理。${remark('撤回原因', event.reason)}`,
        },
      ];
    case 'AMENDMENT_RECEIVED':
      if (event.upstream) {
        const { docNumber, issuerUnit } = event.upstream;
        return [
          {
            recipientUnit: s.unitCode,
            kind: 'AMENDMENT',
            subject: `上级来文已修改：${docNumber}`,
            body: `${context.actorName ?? issuerUnit}对${docNumber}发出更正/补充通知（第${event.version}版）：${describeChanges(event.changes)}。${remark('说明', event.note)}本单位收到的${cited}未变，仍以${context.issuerName}的通知为准。`,
          },
        ];
      }
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'AMENDMENT',
          subject: `更正/补充通知：${title}`,
          body: `${context.issuerName}对${cited}发出更正/补充通知（第${event.version}版）：${describeChanges(event.changes)}。${remark('说明', event.note)}请签收确认。`,
        },
      ];
    case 'URGED':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'URGED',
          subject: `催办：${title}`,
          body:
            `${context.actorName ?? context.issuerName}催办${cited}（第${event.count}次），报送截止时间 ${formatShanghai(s.deadline)}，` +
            `当前状态：${ASSIGNMENT_STATUS_LABELS[s.status]}。${remark('催办意见', event.note)}`,
        },
      ];
    case 'FORWARD_FLAGGED':
      return [
        {
          recipientUnit: s.unitCode,
          kind: 'FORWARD_FLAGGED',
          subject: `转发提示：${title}`,
          body: `${cited}的转发提示：${event.message}`,
        },
      ];
    default:
      return [];
  }
}
