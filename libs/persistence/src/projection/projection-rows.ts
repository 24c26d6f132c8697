import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AssignmentEvent, AssignmentSnapshot, CascadeEvent, DirectiveRecord } from '@cascade/contracts';
import type { AssignmentEntity } from '../entities/assignment.entity';
import type { EventEntity } from '../entities/event.entity';
import { DEFAULT_NOTIFICATION_CHANNEL, type NotificationEntity } from '../entities/notification.entity';
import type { NotificationDraft } from './notification-messages';

// The rows the projection writes, built field by field: an event carrying extra runtime fields
// must not break an insert.

const BASE_FIELDS = new Set(['id', 'seq', 'type', 'directiveId', 'assignmentId', 'actor', 'occurredAt']);

/** TypeORM's write types cannot see through JSON columns typed `unknown`; the column transformer serialises them. */
export function row<E>(values: Partial<E>): QueryDeepPartialEntity<E> {
  return values as QueryDeepPartialEntity<E>;
}

export function directiveFields(d: DirectiveRecord) {
  return {
    docNumber: d.docNumber,
    title: d.title,
    body: d.body ?? null,
    issuerUnit: d.issuerUnit,
    deadline: d.deadline,
    policy: d.policy,
    obligations: d.obligations ?? [],
    recipients: d.recipients,
    form: d.form ?? null,
    forwardsDirectiveId: d.forwardsDirectiveId ?? null,
    parentAssignmentId: d.parentAssignmentId ?? null,
    rootDirectiveId: d.rootDirectiveId,
    issuedAt: d.issuedAt,
    recurrence: d.recurrence ?? null,
    seriesDirectiveId: d.period?.seriesId ?? null,
    periodKey: d.period?.key ?? null,
    periodLabel: d.period?.label ?? null,
  };
}

export function snapshotFields(s: AssignmentSnapshot) {
  return {
    directiveId: s.directiveId,
    rootDirectiveId: s.rootDirectiveId,
    unitCode: s.unitCode,
    unitName: s.unitName,
    issuerUnit: s.issuerUnit,
    parentAssignmentId: s.parentAssignmentId ?? null,
    status: s.status,
    deliveredAt: s.deliveredAt,
    deadline: s.deadline,
    ackDueAt: s.ackDueAt,
    acknowledgedAt: s.acknowledgedAt ?? null,
    reportedAt: s.reportedAt ?? null,
    acceptedAt: s.acceptedAt ?? null,
    overdue: s.overdue,
    late: s.late,
    escalationLevel: s.escalationLevel,
    forwardedDirectiveId: s.forwardedDirectiveId ?? null,
  };
}

/** The type-specific part of an event, stored as the row's payload. */
function payloadOf(event: CascadeEvent): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([key]) => !BASE_FIELDS.has(key)));
}

/** The audit-log row of an event. */
export function eventRow(event: CascadeEvent, recordedAt: number): QueryDeepPartialEntity<EventEntity> {
  return row<EventEntity>({
    id: event.id,
    seq: event.seq,
    type: event.type,
    directiveId: event.directiveId,
    assignmentId: event.assignmentId,
    actor: event.actor,
    payload: payloadOf(event),
    occurredAt: event.occurredAt,
    recordedAt,
  });
}

/** The assignment's read-model fields from an event's snapshot; `unitPath` falls back to the code alone. */
export function assignmentFields(
  event: AssignmentEvent,
  unitPath: string | undefined,
  now: number,
): Omit<AssignmentEntity, 'id' | 'urgeCount' | 'lastUrgedAt'> {
  const snapshot = snapshotFields(event.snapshot);
  return { ...snapshot, unitPath: unitPath ?? `${snapshot.unitCode}/`, lastSeq: event.seq, updatedAt: now };
}

/** Outbox rows of an event's notifications; ids `{eventId}>{recipient}` make them idempotent. */
export function notificationRows(
  event: AssignmentEvent,
  drafts: NotificationDraft[],
  now: number,
): Array<Partial<NotificationEntity>> {
  return drafts.map((draft) => ({
    ...draft,
    id: `${event.id}>${draft.recipientUnit}`,
    eventId: event.id,
    channel: DEFAULT_NOTIFICATION_CHANNEL,
    createdAt: now,
    sentAt: null,
    attempts: 0,
    lastError: null,
  }));
}
