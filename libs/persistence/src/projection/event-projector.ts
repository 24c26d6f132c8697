import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type FindOptionsWhere, In, IsNull, LessThan, MoreThan } from 'typeorm';
import type {
  AmendmentChanges,
  AssignmentEvent,
  CascadeEvent,
  DirectiveEvent,
  DirectiveRecord,
} from '@cascade/contracts';
import { isDuplicateKeyError, isTransientConflict } from '../database-errors';
import { AssignmentEntity } from '../entities/assignment.entity';
import { DirectiveVersionEntity } from '../entities/directive-version.entity';
import { DirectiveEntity } from '../entities/directive.entity';
import { EscalationEntity } from '../entities/escalation.entity';
import { EventEntity } from '../entities/event.entity';
import { FilesRepository } from '../files.repository';
import { ExtensionRequestEntity } from '../entities/extension-request.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { ReportEntity, type ReportStatus } from '../entities/report.entity';
import { UnitEntity } from '../entities/unit.entity';
import { type DeliveredEvent, isDelivery, projectDeliveries } from './delivery-batch';
import { NOTIFYING_EVENT_TYPES, notificationsFor } from './notification-messages';
import { directiveAttachmentRows, reportAttachmentRows } from './file-attachment-rows';
import { assignmentFields, directiveFields, eventRow, notificationRows, row } from './projection-rows';
import { inSqliteTurn } from '../sqlite-turns';

/** How many events of a batch were new; the others had been recorded before. */
export interface ProjectionResult {
  applied: number;
  skipped: number;
}

/** Tries of one event's transaction when it loses a race with a concurrent projection. */
const MAX_TRIES = 5;

type EventOf<T extends CascadeEvent['type']> = Extract<CascadeEvent, { type: T }>;

/** The directive as it reads after an amendment: absent fields are unchanged. */
function amended(directive: DirectiveRecord, changes: AmendmentChanges): DirectiveRecord {
  const next = { ...directive };
  if (changes.title !== undefined) next.title = changes.title;
  if (changes.body !== undefined) next.body = changes.body;
  if (changes.deadline !== undefined) next.deadline = changes.deadline;
  if (changes.obligations !== undefined) next.obligations = changes.obligations;
  if (changes.documents !== undefined) next.documents = { ...next.documents, ...changes.documents };
  return next;
}

/** directive_versions.note is varchar(500); the whole note stays in the event's payload. */
const NOTE_LENGTH = 500;

/**
 * Projects CascadeEvents into the read model and the notification outbox, idempotently (an
 * activity may run again). Each event is applied in its own transaction that first appends the event row, so an
 * event id seen before is skipped entirely; snapshots and escalation rows carry the seq of the
 * event that last wrote them, so an older event arriving late changes nothing.
 */
@Injectable()
export class EventProjector {
  private readonly files: FilesRepository;

  constructor(private readonly dataSource: DataSource) {
    this.files = new FilesRepository(dataSource);
  }

  /** Applies the events in the given order; safe to call again with the same or overlapping events. */
  async project(events: readonly CascadeEvent[]): Promise<ProjectionResult> {
    if (events.length > 1 && events.every(isDelivery)) {
      const batch = await this.projectDeliveryBatch(events);
      if (batch !== null) return { applied: batch, skipped: events.length - batch };
    }
    let applied = 0;
    for (const event of events) {
      if (await this.serialized(() => this.projectOne(event))) applied += 1;
    }
    return { applied, skipped: events.length - applied };
  }

  // better-sqlite3 runs on one connection: transactions of concurrent activities must take turns.
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    return inSqliteTurn(this.dataSource, work);
  }

  private async projectOne(event: CascadeEvent): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.projectInTransaction(event);
      } catch (error) {
        // A concurrent attempt (a Temporal retry racing the first try) committed this event first.
        if (isDuplicateKeyError(error) && (await this.dataSource.manager.existsBy(EventEntity, { id: event.id })))
          return false;
        // Another event of the same rows won a lock or an insert: everything rolled back, so run again.
        if (attempt >= MAX_TRIES || !isTransientConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10));
      }
    }
  }

  /** A fan-out's deliveries in one transaction; null when it lost a race and must go event by event. */
  private async projectDeliveryBatch(events: readonly DeliveredEvent[]): Promise<number | null> {
    try {
      return await this.serialized(() => this.transaction((manager) => projectDeliveries(manager, events, Date.now())));
    } catch (error) {
      if (isTransientConflict(error)) return null;
      throw error;
    }
  }

  // READ COMMITTED on MySQL: no gap locks, so projections of neighbouring rows do not deadlock.
  private transaction<T>(run: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.options.type === 'mysql'
      ? this.dataSource.transaction('READ COMMITTED', run)
      : this.dataSource.transaction(run);
  }

  private projectInTransaction(event: CascadeEvent): Promise<boolean> {
    return this.transaction(async (manager) => {
      const now = Date.now();
      // Inserted first: an event recorded before fails on its key and rolls back, and projectOne
      // tells that from a real conflict; the usual first recording saves a lookup.
      await manager.insert(EventEntity, eventRow(event, now));
      if (event.assignmentId === null) await this.applyDirectiveEvent(manager, event);
      else await this.applyAssignmentEvent(manager, event, now);
      return true;
    });
  }

  private async applyDirectiveEvent(manager: EntityManager, event: DirectiveEvent): Promise<void> {
    switch (event.type) {
      case 'DIRECTIVE_ISSUED':
        await this.issueDirective(manager, event);
        break;
      case 'DIRECTIVE_COMPLETED':
        // A withdrawn directive stays WITHDRAWN when its workflow ends.
        await manager.update(DirectiveEntity, { id: event.directiveId, status: 'ACTIVE' }, { status: 'COMPLETED' });
        break;
      case 'DIRECTIVE_WITHDRAWN':
        // A partial withdrawal leaves the directive ACTIVE: its assignments carry WITHDRAWN.
        if (event.units === null)
          await manager.update(DirectiveEntity, { id: event.directiveId }, { status: 'WITHDRAWN' });
        break;
      case 'DIRECTIVE_AMENDED':
        await this.amendDirective(manager, event);
        break;
    }
  }

  private async issueDirective(manager: EntityManager, event: EventOf<'DIRECTIVE_ISSUED'>): Promise<void> {
    const { id } = event.directive;
    const fields = directiveFields(event.directive);
    if (await manager.existsBy(DirectiveEntity, { id })) {
      await manager.update(DirectiveEntity, { id }, row<DirectiveEntity>(fields));
    } else {
      // Events of this directive recorded before its issuance still decide its status.
      const ends = await this.recordedEvents(manager, {
        directiveId: id,
        assignmentId: IsNull(),
        type: In(['DIRECTIVE_COMPLETED', 'DIRECTIVE_WITHDRAWN']),
      });
      const withdrawn = ends.some((e) => e.type === 'DIRECTIVE_WITHDRAWN' && e.payload.units === null);
      const status = withdrawn
        ? 'WITHDRAWN'
        : ends.some((e) => e.type === 'DIRECTIVE_COMPLETED')
          ? 'COMPLETED'
          : 'ACTIVE';
      await manager.insert(DirectiveEntity, row<DirectiveEntity>({ id, ...fields, status, version: 1 }));
    }
    if (!(await manager.existsBy(DirectiveVersionEntity, { directiveId: id, version: 1 }))) {
      await manager.insert(
        DirectiveVersionEntity,
        row<DirectiveVersionEntity>({
          directiveId: id,
          version: 1,
          snapshot: event.directive,
          note: null,
          changes: null,
          createdAt: event.occurredAt,
        }),
      );
    }
    await this.files.attach(
      directiveAttachmentRows(event.directive.id, 1, event.directive.documents, event.occurredAt),
      manager,
    );
    // Amendments recorded before the issuance (or a re-emitted issuance) apply on top of it.
    await this.foldVersions(manager, id);
  }

  /** Adds the version row once; the directive and every later version are then recomputed, so versions may arrive in any order. */
  private async amendDirective(manager: EntityManager, event: EventOf<'DIRECTIVE_AMENDED'>): Promise<void> {
    const { directiveId, version, changes } = event;
    // Version 1 is the issued text: an amendment never replaces it.
    if (version < 2) return;
    if (this.dataSource.options.type === 'mysql') {
      // Two amendments of one directive recomputing the versions at once would each miss the other's row.
      await manager.findOne(DirectiveEntity, {
        where: { id: directiveId },
        select: { id: true },
        lock: { mode: 'pessimistic_write' },
      });
    }
    if (!(await manager.existsBy(DirectiveVersionEntity, { directiveId, version }))) {
      await manager.insert(
        DirectiveVersionEntity,
        row<DirectiveVersionEntity>({
          directiveId,
          version,
          // Completed by foldVersions once version 1 (the issuance) is recorded.
          snapshot: { id: directiveId, ...changes } as DirectiveRecord,
          note: event.note.length > NOTE_LENGTH ? `${event.note.slice(0, NOTE_LENGTH - 1)}…` : event.note,
          changes,
          createdAt: event.occurredAt,
        }),
      );
    }
    await this.files.attach(
      directiveAttachmentRows(directiveId, version, changes.documents, event.occurredAt),
      manager,
    );
    await this.foldVersions(manager, directiveId);
  }

  /** Applies every recorded version's changes to the issued text in order: each version's snapshot, then the directive row at the highest version. */
  private async foldVersions(manager: EntityManager, directiveId: string): Promise<void> {
    const versions = await manager.find(DirectiveVersionEntity, { where: { directiveId }, order: { version: 'ASC' } });
    if (versions[0]?.version !== 1 || versions.length === 1) return;
    let current = versions[0].snapshot;
    for (const version of versions.slice(1)) {
      current = amended(current, version.changes ?? {});
      if (!isDeepStrictEqual(version.snapshot, current)) {
        await manager.update(
          DirectiveVersionEntity,
          { directiveId, version: version.version },
          row<DirectiveVersionEntity>({ snapshot: current }),
        );
      }
    }
    await manager.update(
      DirectiveEntity,
      { id: directiveId },
      row<DirectiveEntity>({
        title: current.title,
        body: current.body ?? null,
        deadline: current.deadline,
        obligations: current.obligations ?? [],
        version: versions[versions.length - 1].version,
      }),
    );
  }

  private async applyAssignmentEvent(manager: EntityManager, event: AssignmentEvent, now: number): Promise<void> {
    const { unitCode, issuerUnit } = event.snapshot;
    const units = await manager.findBy(UnitEntity, { code: In([unitCode, issuerUnit]) });
    const unitOf = (code: string) => units.find((unit) => unit.code === code) ?? null;
    await this.applySnapshot(manager, event, unitOf(unitCode), now);
    const issuer = unitOf(issuerUnit);
    switch (event.type) {
      case 'REPORT_SUBMITTED':
        await this.insertReport(manager, event);
        break;
      case 'REPORT_ACCEPTED':
        await manager.update(ReportEntity, { id: event.reportId, status: 'SUBMITTED' }, { status: 'ACCEPTED' });
        break;
      case 'REPORT_RETURNED':
        await manager.update(ReportEntity, { id: event.reportId }, { status: 'RETURNED', returnReason: event.reason });
        break;
      case 'EXTENSION_REQUESTED':
      case 'EXTENSION_DECIDED':
        await this.recordExtensionRequest(manager, event);
        break;
      case 'URGED':
        // The newest count wins, whatever order the urges arrive in.
        await manager.update(
          AssignmentEntity,
          { id: event.assignmentId, urgeCount: LessThan(event.count) },
          { urgeCount: event.count, lastUrgedAt: event.occurredAt },
        );
        break;
      case 'ASSIGNMENT_WITHDRAWN':
        // The workflow also resolves them (ESCALATIONS_RESOLVED): whichever comes first closes the row, the other finds nothing open.
        await manager.update(
          EscalationEntity,
          { assignmentId: event.assignmentId, resolvedAt: IsNull(), lastSeq: LessThan(event.seq) },
          { resolvedAt: event.occurredAt, lastSeq: event.seq },
        );
        break;
      case 'ESCALATED':
        await this.escalate(manager, event, issuer?.parentCode ?? null);
        break;
      case 'ESCALATIONS_RESOLVED':
        for (const level of event.levels) {
          await manager.update(
            EscalationEntity,
            {
              assignmentId: event.assignmentId,
              level: level as EscalationEntity['level'],
              ...(event.reason ? { reason: event.reason } : {}),
              resolvedAt: IsNull(),
              lastSeq: LessThan(event.seq),
            },
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
  private async applySnapshot(
    manager: EntityManager,
    event: AssignmentEvent,
    unit: UnitEntity | null,
    now: number,
  ): Promise<void> {
    const { assignmentId } = event;
    const fields = assignmentFields(event, unit?.path, now);
    const updated = await manager.update(AssignmentEntity, { id: assignmentId, lastSeq: LessThan(event.seq) }, fields);
    if (updated.affected) return;
    if (!(await manager.existsBy(AssignmentEntity, { id: assignmentId })))
      await manager.insert(AssignmentEntity, { id: assignmentId, ...fields });
  }

  private async insertReport(manager: EntityManager, event: EventOf<'REPORT_SUBMITTED'>): Promise<void> {
    const { report } = event;
    if (await manager.existsBy(ReportEntity, { id: report.id })) return;
    await this.files.attach(reportAttachmentRows(event.directiveId, event.assignmentId, report), manager);
    // A decision on this report recorded before the report itself: the newest one holds.
    const decision = (
      await this.recordedEvents(manager, {
        assignmentId: event.assignmentId,
        type: In(['REPORT_ACCEPTED', 'REPORT_RETURNED']),
      })
    )
      .filter((e) => e.payload.reportId === report.id)
      .sort((a, b) => b.seq - a.seq)[0];
    const status: ReportStatus =
      decision?.type === 'REPORT_RETURNED' ? 'RETURNED' : decision ? 'ACCEPTED' : 'SUBMITTED';
    await manager.insert(ReportEntity, {
      id: report.id,
      version: report.version,
      content: report.content,
      zeroReport: report.zeroReport,
      attachments: report.attachments ?? [],
      rollup: report.rollup ?? null,
      values: report.values ?? null,
      totals: report.totals ?? null,
      explanation: report.explanation ?? null,
      submittedAt: report.submittedAt,
      late: report.late,
      assignmentId: event.assignmentId,
      directiveId: event.directiveId,
      unitCode: event.snapshot.unitCode,
      status,
      returnReason: status === 'RETURNED' ? (decision.payload.reason as string) : null,
    });
  }

  /** Opens (or re-opens) the one row of this assignment and level. */
  private async escalate(
    manager: EntityManager,
    event: EventOf<'ESCALATED'>,
    issuerParentUnit: string | null,
  ): Promise<void> {
    const { level, reason, firedAt, resolvedAt } = event.escalation;
    const existing = await manager.findOneBy(EscalationEntity, { assignmentId: event.assignmentId, level, reason });
    if (existing && existing.lastSeq >= event.seq) return;
    // A resolution (or a withdrawal) recorded before this (older) escalation arrived still applies to it.
    const closings = await this.recordedEvents(manager, {
      assignmentId: event.assignmentId,
      type: In(['ESCALATIONS_RESOLVED', 'ASSIGNMENT_WITHDRAWN']),
      seq: MoreThan(event.seq),
    });
    const resolution = closings
      .filter(
        (row) =>
          row.type === 'ASSIGNMENT_WITHDRAWN' ||
          ((row.payload.levels as number[]).includes(level) &&
            (row.payload.reason === undefined || row.payload.reason === reason)),
      )
      .sort((a, b) => b.seq - a.seq)[0];
    const fields = {
      directiveId: event.directiveId,
      unitCode: event.snapshot.unitCode,
      unitName: event.snapshot.unitName,
      reason,
      targetUnit: level === 1 ? event.snapshot.issuerUnit : level === 2 ? issuerParentUnit : null,
      firedAt,
      resolvedAt: resolution
        ? ((resolution.payload.resolvedAt as number | undefined) ?? resolution.occurredAt)
        : resolvedAt,
      lastSeq: resolution ? resolution.seq : event.seq,
    };
    if (existing) await manager.update(EscalationEntity, { id: existing.id }, fields);
    else
      await manager.insert(EscalationEntity, {
        id: `${event.assignmentId}#${reason === 'NOT_ACKNOWLEDGED' ? 'A' : 'L'}${level}`,
        assignmentId: event.assignmentId,
        level,
        ...fields,
      });
  }

  /** One row per request: inserted on the first of its events, and a decision is never undone by an older PENDING copy. */
  private async recordExtensionRequest(
    manager: EntityManager,
    event: EventOf<'EXTENSION_REQUESTED' | 'EXTENSION_DECIDED'>,
  ): Promise<void> {
    const { request, snapshot } = event;
    const fields = {
      requestedDeadline: request.requestedDeadline,
      reason: request.reason,
      requestedAt: request.requestedAt,
      requestedBy: request.requestedBy,
      status: request.status,
      decidedAt: request.decidedAt ?? null,
      decidedBy: request.decidedBy ?? null,
      decisionNote: request.decisionNote ?? null,
    };
    const existing = await manager.findOne(ExtensionRequestEntity, {
      where: { id: request.id },
      select: { id: true, status: true },
    });
    if (!existing) {
      await manager.insert(
        ExtensionRequestEntity,
        row<ExtensionRequestEntity>({
          id: request.id,
          assignmentId: event.assignmentId,
          directiveId: event.directiveId,
          unitCode: snapshot.unitCode,
          unitName: snapshot.unitName,
          issuerUnit: snapshot.issuerUnit,
          ...fields,
        }),
      );
    } else if (existing.status === 'PENDING' && request.status !== 'PENDING') {
      await manager.update(
        ExtensionRequestEntity,
        { id: request.id, status: 'PENDING' },
        row<ExtensionRequestEntity>(fields),
      );
    }
  }

  private async enqueueNotifications(
    manager: EntityManager,
    event: AssignmentEvent,
    issuer: UnitEntity | null,
    now: number,
  ): Promise<void> {
    if (!NOTIFYING_EVENT_TYPES.has(event.type)) return;
    const directive = await manager.findOne(DirectiveEntity, {
      where: { id: event.directiveId },
      select: { title: true, docNumber: true },
    });
    // A supervisor above the issuer may urge too: the message names who did.
    // An upstream amendment is credited to the issuer of the amended document.
    const actorUnit =
      event.type === 'URGED' && event.actor && event.actor.unitCode !== event.snapshot.issuerUnit
        ? event.actor.unitCode
        : event.type === 'AMENDMENT_RECEIVED' && event.upstream
          ? event.upstream.issuerUnit
          : null;
    const actor = actorUnit
      ? await manager.findOne(UnitEntity, { where: { code: actorUnit }, select: { name: true } })
      : null;
    const drafts = notificationsFor(event, {
      directive,
      issuerName: issuer?.name ?? event.snapshot.issuerUnit,
      issuerParentUnit: issuer?.parentCode ?? null,
      actorName: actorUnit ? (actor?.name ?? actorUnit) : null,
    });
    if (!drafts.length) return;
    await manager.insert(NotificationEntity, notificationRows(event, drafts, now));
  }

  private recordedEvents(manager: EntityManager, where: FindOptionsWhere<EventEntity>): Promise<EventEntity[]> {
    return manager.findBy(EventEntity, where);
  }
}
