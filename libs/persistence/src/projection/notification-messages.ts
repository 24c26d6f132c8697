import type { AssignmentEvent, AssignmentStatus, EscalationRecord } from '@cascade/contracts';
import type { NotificationKind } from '../entities/notification.entity';
import { formatShanghai } from './shanghai-time';

/** What a message needs beyond the event: the directive's wording and the issuing unit. */
export interface NotificationContext {
  /** Null when the directive is not projected yet; the message then names it by id. */
  directive: { title: string; docNumber: string } | null;
  issuerName: string;
  /** The issuing unit's parent, which receives level 2 and 3 escalations; null when unknown. */
  issuerParentUnit: string | null;
}

/** A notification before it gets its outbox id. */
export interface NotificationDraft {
  recipientUnit: string;
  kind: NotificationKind;
  subject: string;
  body: string;
}

/** Event types that notify someone; the others (acknowledge, forward, accept…) notify nobody. */
export const NOTIFYING_EVENT_TYPES: ReadonlySet<AssignmentEvent['type']> = new Set(['ASSIGNMENT_DELIVERED', 'REMINDER_SENT', 'ESCALATED', 'REPORT_SUBMITTED']);

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, string> = {
  DELIVERED: '待签收',
  ACKNOWLEDGED: '已签收',
  FORWARDED: '已转发',
  REPORTED: '已报送',
  ACCEPTED: '已办结',
  RETURNED: '已退回',
  WITHDRAWN: '已撤回',
};

export const ESCALATION_LEVEL_LABELS: Record<EscalationRecord['level'], string> = { 1: '督办', 2: '上级督办', 3: '通报' };

const REASONS: Record<EscalationRecord['reason'], { text: string; due: string }> = {
  NOT_ACKNOWLEDGED: { text: '逾期未签收', due: '签收时限' },
  OVERDUE: { text: '逾期未报送', due: '报送截止时间' },
};

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
      return [{
        recipientUnit: s.unitCode,
        kind: 'DELIVERED',
        subject: `待签收：${title}${context.directive?.docNumber ?? ''}`,
        body: `${context.issuerName}下发${cited}，请于 ${formatShanghai(s.ackDueAt)} 前签收，报送截止时间 ${formatShanghai(s.deadline)}。`,
      }];
    case 'REMINDER_SENT':
      return [{
        recipientUnit: s.unitCode,
        kind: 'REMINDER',
        subject: `催报提醒：${title}`,
        body: `${cited}的报送截止时间为 ${formatShanghai(s.deadline)}，当前状态：${ASSIGNMENT_STATUS_LABELS[s.status]}，请按时报送。`,
      }];
    case 'ESCALATED': {
      const { level, reason, firedAt } = event.escalation;
      const label = ESCALATION_LEVEL_LABELS[level];
      const { text, due } = REASONS[reason];
      const dueAt = reason === 'NOT_ACKNOWLEDGED' ? s.ackDueAt : s.deadline;
      return [{
        recipientUnit: level === 1 ? s.issuerUnit : (context.issuerParentUnit ?? s.issuerUnit),
        kind: 'ESCALATION',
        subject: `${label}：${s.unitName}${text}${title}`,
        body: `${s.unitName}${text}${cited}，${due} ${formatShanghai(dueAt)}；第${level}级${label}于 ${formatShanghai(firedAt)} 启动。`,
      }];
    }
    case 'REPORT_SUBMITTED': {
      const { report } = event;
      const remarks = [report.zeroReport ? '无则报零' : null, report.late ? '逾期报送' : null].filter(Boolean);
      return [{
        recipientUnit: s.issuerUnit,
        kind: 'REPORT_SUBMITTED',
        subject: `已报送：${s.unitName}${title}`,
        body: `${s.unitName}于 ${formatShanghai(report.submittedAt)} 报送${cited}第${report.version}版材料${remarks.length ? `（${remarks.join('，')}）` : ''}。`,
      }];
    }
    default:
      return [];
  }
}
