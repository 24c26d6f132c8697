import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type FindOptionsWhere, IsNull, LessThan, MoreThan } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AssignmentEvent, AssignmentSnapshot, CascadeEvent, DirectiveEvent, DirectiveRecord } from '@cascade/contracts';
import { isDuplicateKeyError, isTransientConflict } from '../database-errors';
import { AssignmentEntity } from '../entities/assignment.entity';
import { DirectiveVersionEntity } from '../entities/directive-version.entity';
import { DirectiveEntity } from '../entities/directive.entity';
import { EscalationEntity } from '../entities/escalation.entity';
import { EventEntity } from '../entities/event.entity';
import { DEFAULT_NOTIFICATION_CHANNEL, NotificationEntity } from '../entities/notification.entity';
import { ReportEntity } from '../entities/report.entity';
import { UnitEntity } from '../entities/unit.entity';
import { NOTIFYING_EVENT_TYPES, notificationsFor } from './notification-messages';

/** How many events of a batch were new; the others had been recorded before. */
export interface ProjectionResult {
  applied: number;
  skipped: number;
}

/** Tries of one event's transaction when it loses a race with a concurrent projection. */
const MAX_TRIES = 5;

/** Per data source, the tail of the SQLite projection queue (one per process and database). */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

type EventOf<T extends CascadeEvent['type']> = Extract<CascadeEvent, { type: T }>;

const BASE_FIELDS = new Set(['id', 'seq', 'type', 'directiveId', 'assignmentId', 'actor', 'occurredAt']);

/** TypeORM's write types cannot see through JSON columns typed `unknown`; the column transformer serialises them. */
function row<E>(values: Partial<E>): QueryDeepPartialEntity<E> {
  return values as QueryDeepPartialEntity<E>;
}

// Rows are built field by field: an event carrying extra runtime fields must not break the insert.
function directiveFields(d: DirectiveRecord) {
  return {
    docNumber: d.docNumber,
    title: d.title,
    body: d.body ?? null,
    issuerUnit: d.issuerUnit,
    deadline: d.deadline,
    policy: d.policy,
    obligations: d.obligations ?? [],
    recipients: d.recipients,
    forwardsDirectiveId: d.forwardsDirectiveId ?? null,
    parentAssignmentId: d.parentAssignmentId ?? null,
    rootDirectiveId: d.rootDirectiveId,
    issuedAt: d.issuedAt,
  };
}

function snapshotFields(s: AssignmentSnapshot) {
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

/**
 * Projects CascadeEvents into the read model and the notification outbox (DESIGN.md, Temporal
 * rule 7). Each event is applied in its own transaction that first appends the event row, so an
 * event id seen before is skipped entirely; snapshots and escalation rows carry the seq of the
 * event that last wrote them, so an older event arriving late changes nothing.
 */
@Injectable()
export class EventProjector {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies the events in the given order; safe to call again with the same or overlapping events. */
  async project(events: readonly CascadeEvent[]): Promise<ProjectionResult> {
    let applied = 0;
    for (const event of events) {
      if (await this.serialized(() => this.projectOne(event))) applied += 1;
    }
    return { applied, skipped: events.length - applied };
  }

  // better-sqlite3 runs on one connection: transactions of concurrent activities must take turns.
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'mysql') return work();
    const run = (sqliteQueues.get(this.dataSource) ?? Promise.resolve()).then(work, work);
    sqliteQueues.set(this.dataSource, run.catch(() => undefined));
    return run;
  }

  private async projectOne(event: CascadeEvent): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.projectInTransaction(event);
      } catch (error) {
        // A concurrent attempt (a Temporal retry racing the first try) committed this event first.
        if (isDuplicateKeyError(error) && (await this.dataSource.manager.existsBy(EventEntity, { id: event.id }))) return false;
        // Another event of the same rows won a lock or an insert: everything rolled back, so run again.
        if (attempt >= MAX_TRIES || !isTransientConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
      }
    }
  }

  private projectInTransaction(event: CascadeEvent): Promise<boolean> {
    // READ COMMITTED on MySQL: no gap locks, so projections of neighbouring rows do not deadlock.
    const run = async (manager: EntityManager) => {
      if (await manager.existsBy(EventEntity, { id: event.id })) return false;
      const now = Date.now();
      await manager.insert(EventEntity, row<EventEntity>({
        id: event.id,
        seq: event.seq,
        type: event.type,
        directiveId: event.directiveId,
        assignmentId: event.assignmentId,
        actor: event.actor,
        payload: payloadOf(event),
        occurredAt: event.occurredAt,
        recordedAt: now,
      }));
      if (event.assignmentId === null) await this.applyDirectiveEvent(manager, event);
      else await this.applyAssignmentEvent(manager, event, now);
      return true;
    };
    return this.dataSource.options.type === 'mysql' ? this.dataSource.transaction('READ COMMITTED', run) : this.dataSource.transaction(run);
  }

  private async applyDirectiveEvent(manager: EntityManager, event: DirectiveEvent): Promise<void> {
    if (event.type === 'DIRECTIVE_COMPLETED') {
      await manager.update(DirectiveEntity, { id: event.directiveId }, { status: 'COMPLETED' });
      return;
    }
    if (event.type !== 'DIRECTIVE_ISSUED') return;
    const { id } = event.directive;
    const fields = directiveFields(event.directive);
    const completedBefore = await this.recordedEvents(manager, { directiveId: id, assignmentId: IsNull(), type: 'DIRECTIVE_COMPLETED' });
    if (await manager.existsBy(DirectiveEntity, { id })) {
      await manager.update(DirectiveEntity, { id }, row<DirectiveEntity>(fields));
    } else {
      await manager.insert(DirectiveEntity, row<DirectiveEntity>({ id, ...fields, status: completedBefore.length ? 'COMPLETED' : 'ACTIVE', version: 1 }));
    }
    if (!(await manager.existsBy(DirectiveVersionEntity, { directiveId: id, version: 1 }))) {
      await manager.insert(DirectiveVersionEntity, row<DirectiveVersionEntity>({ directiveId: id, version: 1, snapshot: event.directive, note: null, createdAt: event.occurredAt }));
    }
  }

  private async applyAssignmentEvent(manager: EntityManager, event: AssignmentEvent, now: number): Promise<void> {
    await this.applySnapshot(manager, event, now);
    const issuer = await manager.findOneBy(UnitEntity, { code: event.snapshot.issuerUnit });
    switch (event.type) {
      case 'REPORT_SUBMITTED':
        await this.insertReport(manager, event);
        break;
      case 'REPORT_ACCEPTED':
        await manager.update(ReportEntity, { id: event.reportId, status: 'SUBMITTED' }, { status: 'ACCEPTED' });
        break;
      case 'ESCALATED':
        await this.escalate(manager, event, issuer?.parentCode ?? null);
        break;
      case 'ESCALATIONS_RESOLVED':
        for (const level of event.levels) {
          await manager.update(
            EscalationEntity,
            { assignmentId: event.assignmentId, level: level as EscalationEntity['level'], resolvedAt: IsNull(), lastSeq: LessThan(event.seq) },
            { resolvedAt: event.resolvedAt, lastSeq: event.seq },
          );
        }
        break;
      default:
        break;
    }
    await this.enqueueNotifications(manager, event, issuer, now);
  }

  /** Upserts the assignment from the event's snapshot unless a newer snapshot is already there. */
  private async applySnapshot(manager: EntityManager, event: AssignmentEvent, now: number): Promise<void> {
    const { assignmentId } = event;
    const snapshot = snapshotFields(event.snapshot);
    const unit = await manager.findOneBy(UnitEntity, { code: snapshot.unitCode });
    const fields = { ...snapshot, unitPath: unit?.path ?? `${snapshot.unitCode}/`, lastSeq: event.seq, updatedAt: now };
    const updated = await manager.update(AssignmentEntity, { id: assignmentId, lastSeq: LessThan(event.seq) }, fields);
    if (updated.affected) return;
    if (!(await manager.existsBy(AssignmentEntity, { id: assignmentId }))) await manager.insert(AssignmentEntity, { id: assignmentId, ...fields });
  }

  private async insertReport(manager: EntityManager, event: EventOf<'REPORT_SUBMITTED'>): Promise<void> {
    const { report } = event;
    if (await manager.existsBy(ReportEntity, { id: report.id })) return;
    const accepted = await this.recordedEvents(manager, { assignmentId: event.assignmentId, type: 'REPORT_ACCEPTED' });
    await manager.insert(ReportEntity, {
      id: report.id,
      version: report.version,
      content: report.content,
      zeroReport: report.zeroReport,
      attachments: report.attachments ?? [],
      rollup: report.rollup ?? null,
      submittedAt: report.submittedAt,
      late: report.late,
      assignmentId: event.assignmentId,
      directiveId: event.directiveId,
      unitCode: event.snapshot.unitCode,
      status: accepted.some((row) => row.payload.reportId === report.id) ? 'ACCEPTED' : 'SUBMITTED',
    });
  }

  /** Opens (or re-opens) the one row of this assignment and level. */
  private async escalate(manager: EntityManager, event: EventOf<'ESCALATED'>, issuerParentUnit: string | null): Promise<void> {
    const { level, reason, firedAt, resolvedAt } = event.escalation;
    const existing = await manager.findOneBy(EscalationEntity, { assignmentId: event.assignmentId, level });
    if (existing && existing.lastSeq >= event.seq) return;
    // A resolution recorded before this (older) escalation arrived still applies to it.
    const resolution = (await this.recordedEvents(manager, { assignmentId: event.assignmentId, type: 'ESCALATIONS_RESOLVED', seq: MoreThan(event.seq) }))
      .filter((row) => (row.payload.levels as number[]).includes(level))
      .sort((a, b) => b.seq - a.seq)[0];
    const fields = {
      directiveId: event.directiveId,
      unitCode: event.snapshot.unitCode,
      unitName: event.snapshot.unitName,
      reason,
      targetUnit: level === 1 ? event.snapshot.issuerUnit : level === 2 ? issuerParentUnit : null,
      firedAt,
      resolvedAt: resolution ? (resolution.payload.resolvedAt as number) : resolvedAt,
      lastSeq: resolution ? resolution.seq : event.seq,
    };
    if (existing) await manager.update(EscalationEntity, { id: existing.id }, fields);
    else await manager.insert(EscalationEntity, { id: `${event.assignmentId}#L${level}`, assignmentId: event.assignmentId, level, ...fields });
  }

  private async enqueueNotifications(manager: EntityManager, event: AssignmentEvent, issuer: UnitEntity | null, now: number): Promise<void> {
    if (!NOTIFYING_EVENT_TYPES.has(event.type)) return;
    const directive = await manager.findOne(DirectiveEntity, { where: { id: event.directiveId }, select: { title: true, docNumber: true } });
    const drafts = notificationsFor(event, {
      directive,
      issuerName: issuer?.name ?? event.snapshot.issuerUnit,
      issuerParentUnit: issuer?.parentCode ?? null,
    });
    if (!drafts.length) return;
    await manager.insert(
      NotificationEntity,
      drafts.map((draft) => ({
        ...draft,
        id: `${event.id}>${draft.recipientUnit}`,
        eventId: event.id,
        channel: DEFAULT_NOTIFICATION_CHANNEL,
        createdAt: now,
        sentAt: null,
        attempts: 0,
        lastError: null,
      })),
    );
  }

  private recordedEvents(manager: EntityManager, where: FindOptionsWhere<EventEntity>): Promise<EventEntity[]> {
    return manager.findBy(EventEntity, where);
  }
}
