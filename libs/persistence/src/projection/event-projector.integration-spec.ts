import type { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import type { CascadeEvent, ReportRecord } from '@cascade/contracts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../../test/support/databases';
import { AssignmentEntity } from '../entities/assignment.entity';
import { DirectiveVersionEntity } from '../entities/directive-version.entity';
import { DirectiveEntity } from '../entities/directive.entity';
import { EscalationEntity } from '../entities/escalation.entity';
import { EventEntity } from '../entities/event.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { ReportEntity } from '../entities/report.entity';
import { CreateReadModel1763900000000 } from '../migrations/1763900000000-create-read-model';
import { migrations } from '../database-options';
import { openDatabase } from '../open-database';
import { UnitsRepository } from '../units.repository';
import { AssignmentStream, DirectiveStream, fixtureDirective, fixtureUnits, shanghai } from './event-fixtures';
import { EventProjector } from './event-projector';

const READ_MODEL_TABLES = [
  'directives',
  'directive_versions',
  'assignments',
  'reports',
  'escalations',
  'events',
  'notifications',
];
const READ_MODEL = [
  DirectiveEntity,
  DirectiveVersionEntity,
  AssignmentEntity,
  ReportEntity,
  EscalationEntity,
  EventEntity,
  NotificationEntity,
];

function report(id: string, submittedAt: number, late: boolean): ReportRecord {
  return {
    id,
    version: 1,
    content: '已开展主题活动1项。',
    zeroReport: false,
    attachments: [{ name: '活动总结.docx' }],
    submittedAt,
    late,
    rollup: null,
  };
}

/** Streams of one directive to three units, delivered at the same time. */
function threeUnits(directive: ReturnType<typeof fixtureDirective>): AssignmentStream[] {
  return ['141000', '140100', '141002'].map(
    (code) =>
      new AssignmentStream(
        directive,
        code,
        fixtureUnits.find((u) => u.code === code)!.name,
        shanghai('2024-11-01 09:00'),
      ),
  );
}

/** The reference run: 晋民函〔2024〕169号 to 临汾 (late, escalated) and 太原 (on time). */
function referenceRun(directiveId: string) {
  const directive = fixtureDirective(directiveId);
  const top = new DirectiveStream(directive);
  const linfen = new AssignmentStream(directive, '141000', '临汾市民政局', shanghai('2024-11-01 09:00'));
  const taiyuan = new AssignmentStream(directive, '140100', '太原市民政局', shanghai('2024-11-01 09:00'));
  const deadline = directive.deadline;
  const events: CascadeEvent[] = [
    top.issued(),
    linfen.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00')),
    taiyuan.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00')),
    linfen.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 10:00'), {
      status: 'ACKNOWLEDGED',
      acknowledgedAt: shanghai('2024-11-01 10:00'),
    }),
    taiyuan.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 11:00'), {
      status: 'ACKNOWLEDGED',
      acknowledgedAt: shanghai('2024-11-01 11:00'),
    }),
    taiyuan.emit(
      { type: 'REPORT_SUBMITTED', report: report('r-taiyuan-1', shanghai('2024-11-18 15:00'), false) },
      shanghai('2024-11-18 15:00'),
      {
        status: 'REPORTED',
        reportedAt: shanghai('2024-11-18 15:00'),
      },
    ),
    linfen.emit(
      { type: 'ESCALATED', escalation: { level: 1, reason: 'OVERDUE', firedAt: deadline, resolvedAt: null } },
      deadline,
      {
        overdue: true,
        escalationLevel: 1,
      },
    ),
    linfen.emit(
      { type: 'REPORT_SUBMITTED', report: report('r-linfen-1', shanghai('2024-11-21 09:30'), true) },
      shanghai('2024-11-21 09:30'),
      {
        status: 'REPORTED',
        reportedAt: shanghai('2024-11-21 09:30'),
        late: true,
      },
    ),
    linfen.emit(
      { type: 'ESCALATIONS_RESOLVED', levels: [1], resolvedAt: shanghai('2024-11-21 09:30') },
      shanghai('2024-11-21 09:30'),
    ),
    taiyuan.emit({ type: 'REPORT_ACCEPTED', reportId: 'r-taiyuan-1' }, shanghai('2024-11-22 09:00'), {
      status: 'ACCEPTED',
      acceptedAt: shanghai('2024-11-22 09:00'),
    }),
    linfen.emit({ type: 'REPORT_ACCEPTED', reportId: 'r-linfen-1' }, shanghai('2024-11-22 10:00'), {
      status: 'ACCEPTED',
      acceptedAt: shanghai('2024-11-22 10:00'),
    }),
    top.completed(shanghai('2024-11-22 10:00')),
  ];
  return { directive, linfen, taiyuan, events };
}

describe.each(databaseKinds())('EventProjector on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let projector: EventProjector;

  const rows = <T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    where: Record<string, unknown> = {},
    order: Record<string, 'ASC'> = { id: 'ASC' },
  ) => dataSource.getRepository(entity).find({ where: where as never, order: order as never });
  /** Every row of the read model, to compare before and after a replay. */
  const everything = () => Promise.all(READ_MODEL.map((entity) => dataSource.getRepository(entity).find()));

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    await new UnitsRepository(dataSource).upsertMany(fixtureUnits);
    projector = new EventProjector(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  describe('the reference run: issued → delivered → acknowledged → escalated → late report → resolved → accepted', () => {
    const run = referenceRun('jin-169');

    it('applies every event once and reports how many were new', async () => {
      expect(await projector.project(run.events)).toEqual({ applied: run.events.length, skipped: 0 });
    });

    it('writes the directive, completed, with its first version', async () => {
      const [directive] = await rows(DirectiveEntity, { id: 'jin-169' });
      expect(directive).toMatchObject({
        docNumber: '晋民函〔2024〕169号',
        issuerUnit: '140000',
        status: 'COMPLETED',
        version: 1,
        deadline: run.directive.deadline,
        policy: run.directive.policy,
        obligations: run.directive.obligations,
        recipients: run.directive.recipients,
        rootDirectiveId: 'jin-169',
        issuedAt: run.directive.issuedAt,
      });
      const versions = await rows(DirectiveVersionEntity, { directiveId: 'jin-169' }, { version: 'ASC' });
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({ version: 1, snapshot: run.directive });
    });

    it('holds each assignment as of its newest snapshot, with the unit path', async () => {
      const assignments = await rows(AssignmentEntity, { directiveId: 'jin-169' });
      expect(
        assignments.map((a) => [a.unitCode, a.status, a.unitPath, a.late, a.overdue, a.escalationLevel, a.lastSeq]),
      ).toEqual([
        ['140100', 'ACCEPTED', '000000/140000/140100/', false, false, 0, 4],
        ['141000', 'ACCEPTED', '000000/140000/141000/', true, true, 1, 6],
      ]);
      const linfen = assignments[1];
      expect(linfen).toMatchObject({
        id: 'assignment:jin-169:141000',
        issuerUnit: '140000',
        deadline: run.directive.deadline,
        acknowledgedAt: shanghai('2024-11-01 10:00'),
        reportedAt: shanghai('2024-11-21 09:30'),
        acceptedAt: shanghai('2024-11-22 10:00'),
      });
      expect(typeof linfen.deliveredAt).toBe('number');
    });

    it('stores the reports, accepted, the late one marked late', async () => {
      const reports = await rows(ReportEntity, { directiveId: 'jin-169' });
      expect(reports.map((r) => [r.id, r.unitCode, r.status, r.late, r.zeroReport])).toEqual([
        ['r-linfen-1', '141000', 'ACCEPTED', true, false],
        ['r-taiyuan-1', '140100', 'ACCEPTED', false, false],
      ]);
      expect(reports[0]).toMatchObject({
        assignmentId: 'assignment:jin-169:141000',
        attachments: [{ name: '活动总结.docx' }],
        rollup: null,
        content: '已开展主题活动1项。',
      });
    });

    it('records one level-1 escalation to the issuing unit, resolved by the late report', async () => {
      expect(await rows(EscalationEntity, { directiveId: 'jin-169' })).toEqual([
        expect.objectContaining({
          id: 'assignment:jin-169:141000#L1',
          level: 1,
          reason: 'OVERDUE',
          unitCode: '141000',
          unitName: '临汾市民政局',
          targetUnit: '140000',
          firedAt: run.directive.deadline,
          resolvedAt: shanghai('2024-11-21 09:30'),
        }),
      ]);
    });

    it('appends every event to the audit log with its payload', async () => {
      const events = await rows(EventEntity, { directiveId: 'jin-169' });
      expect(events.map((e) => e.id).sort()).toEqual(run.events.map((e) => e.id).sort());
      const escalated = events.find((e) => e.type === 'ESCALATED')!;
      expect(escalated).toMatchObject({
        assignmentId: 'assignment:jin-169:141000',
        seq: 3,
        actor: { unitCode: '141000', role: 'clerk' },
      });
      expect(escalated.payload).toMatchObject({
        escalation: { level: 1, reason: 'OVERDUE' },
        snapshot: { escalationLevel: 1 },
      });
    });

    it('derives the outbox in Chinese with Asia/Shanghai times: deliveries, the escalation, the reports', async () => {
      const outbox = await dataSource
        .getRepository(NotificationEntity)
        .find({ order: { createdAt: 'ASC', id: 'ASC' } });
      const mine = outbox.filter((n) => n.eventId.includes('jin-169'));
      expect(mine.map((n) => [n.kind, n.recipientUnit]).sort()).toEqual(
        [
          ['DELIVERED', '140100'],
          ['DELIVERED', '141000'],
          ['ESCALATION', '140000'],
          ['REPORT_SUBMITTED', '140000'],
          ['REPORT_SUBMITTED', '140000'],
        ].sort(),
      );
      const delivered = mine.find((n) => n.id === 'assignment:jin-169:141000#1>141000')!;
      expect(delivered).toMatchObject({ channel: 'default', sentAt: null, attempts: 0, lastError: null });
      expect(delivered.subject).toBe('待签收：《关于开展老年人权益保障主题活动的通知》晋民函〔2024〕169号');
      expect(delivered.body).toBe(
        '山西省民政厅下发《关于开展老年人权益保障主题活动的通知》（晋民函〔2024〕169号），请于 2024-11-02 09:00 前签收，报送截止时间 2024-11-20 17:30。',
      );
      const escalation = mine.find((n) => n.kind === 'ESCALATION')!;
      expect(escalation.subject).toBe('督办：临汾市民政局逾期未报送《关于开展老年人权益保障主题活动的通知》');
      expect(escalation.body).toContain('报送截止时间 2024-11-20 17:30');
      const late = mine.find((n) => n.id === 'assignment:jin-169:141000#4>140000')!;
      expect(late.body).toBe(
        '临汾市民政局于 2024-11-21 09:30 报送《关于开展老年人权益保障主题活动的通知》（晋民函〔2024〕169号）第1版材料（逾期报送）。',
      );
    });

    it('changes nothing when the same batch is recorded again, whole or in parts', async () => {
      const before = await everything();
      expect(await projector.project(run.events)).toEqual({ applied: 0, skipped: run.events.length });
      expect(await projector.project([...run.events].reverse())).toEqual({ applied: 0, skipped: run.events.length });
      expect(await everything()).toEqual(before);
    });
  });

  it('ignores an older snapshot that arrives after a newer one, but still logs the event', async () => {
    const directive = fixtureDirective('late-snap');
    const unit = new AssignmentStream(directive, '141000', '临汾市民政局', shanghai('2024-11-01 09:00'));
    const delivered = unit.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00'));
    const acknowledged = unit.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 10:00'), {
      status: 'ACKNOWLEDGED',
      acknowledgedAt: shanghai('2024-11-01 10:00'),
    });
    const reported = unit.emit(
      { type: 'REPORT_SUBMITTED', report: report('r-late-snap', shanghai('2024-11-02 10:00'), false) },
      shanghai('2024-11-02 10:00'),
      {
        status: 'REPORTED',
        reportedAt: shanghai('2024-11-02 10:00'),
      },
    );

    await projector.project([reported]);
    const after = await rows(AssignmentEntity, { id: unit.id });
    await projector.project([acknowledged, delivered]);

    expect(await rows(AssignmentEntity, { id: unit.id })).toEqual(after);
    expect(after[0]).toMatchObject({ status: 'REPORTED', lastSeq: 3, acknowledgedAt: shanghai('2024-11-01 10:00') });
    expect(await rows(EventEntity, { assignmentId: unit.id })).toHaveLength(3);
  });

  it('keeps the outcome of later events that were recorded before earlier ones', async () => {
    const directive = fixtureDirective('reversed');
    const top = new DirectiveStream(directive);
    const unit = new AssignmentStream(directive, '141000', '临汾市民政局', shanghai('2024-11-01 09:00'));
    const issued = top.issued();
    const escalated = unit.emit(
      {
        type: 'ESCALATED',
        escalation: { level: 1, reason: 'NOT_ACKNOWLEDGED', firedAt: shanghai('2024-11-02 09:00'), resolvedAt: null },
      },
      shanghai('2024-11-02 09:00'),
      {
        escalationLevel: 1,
      },
    );
    const submitted = unit.emit(
      { type: 'REPORT_SUBMITTED', report: report('r-reversed', shanghai('2024-11-03 09:00'), false) },
      shanghai('2024-11-03 09:00'),
      { status: 'REPORTED' },
    );
    const resolved = unit.emit(
      { type: 'ESCALATIONS_RESOLVED', levels: [1], resolvedAt: shanghai('2024-11-03 09:00') },
      shanghai('2024-11-03 09:00'),
    );
    const accepted = unit.emit({ type: 'REPORT_ACCEPTED', reportId: 'r-reversed' }, shanghai('2024-11-04 09:00'), {
      status: 'ACCEPTED',
    });
    const completed = top.completed(shanghai('2024-11-04 09:00'));

    await projector.project([completed, accepted, resolved, submitted, escalated, issued]);

    expect(await rows(DirectiveEntity, { id: 'reversed' })).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
    expect(await rows(ReportEntity, { id: 'r-reversed' })).toEqual([expect.objectContaining({ status: 'ACCEPTED' })]);
    expect(await rows(EscalationEntity, { assignmentId: unit.id })).toEqual([
      expect.objectContaining({ level: 1, reason: 'NOT_ACKNOWLEDGED', resolvedAt: shanghai('2024-11-03 09:00') }),
    ]);
    expect(await rows(AssignmentEntity, { id: unit.id })).toEqual([
      expect.objectContaining({ status: 'ACCEPTED', lastSeq: 4 }),
    ]);
  });

  it('keeps one escalation row per assignment, reason and level: the acknowledgement one apart from the ladder', async () => {
    const directive = fixtureDirective('ladder');
    const unit = new AssignmentStream(directive, '141000', '临汾市民政局', shanghai('2024-11-01 09:00'));
    const events = [
      unit.emit(
        {
          type: 'ESCALATED',
          escalation: { level: 1, reason: 'NOT_ACKNOWLEDGED', firedAt: shanghai('2024-11-04 09:00'), resolvedAt: null },
        },
        shanghai('2024-11-04 09:00'),
      ),
      unit.emit(
        { type: 'ESCALATIONS_RESOLVED', levels: [1], resolvedAt: shanghai('2024-11-05 09:00') },
        shanghai('2024-11-05 09:00'),
      ),
      unit.emit(
        {
          type: 'ESCALATED',
          escalation: { level: 1, reason: 'OVERDUE', firedAt: shanghai('2024-11-20 17:30'), resolvedAt: null },
        },
        shanghai('2024-11-20 17:30'),
      ),
      unit.emit(
        {
          type: 'ESCALATED',
          escalation: { level: 2, reason: 'OVERDUE', firedAt: shanghai('2024-11-22 17:30'), resolvedAt: null },
        },
        shanghai('2024-11-22 17:30'),
      ),
      unit.emit(
        {
          type: 'ESCALATED',
          escalation: { level: 3, reason: 'OVERDUE', firedAt: shanghai('2024-11-27 17:30'), resolvedAt: null },
        },
        shanghai('2024-11-27 17:30'),
      ),
    ];
    await projector.project(events);

    const escalations = await rows(EscalationEntity, { assignmentId: unit.id });
    expect(escalations.map((e) => [e.id, e.level, e.reason, e.targetUnit, e.firedAt, e.resolvedAt])).toEqual([
      [`${unit.id}#A1`, 1, 'NOT_ACKNOWLEDGED', '140000', shanghai('2024-11-04 09:00'), shanghai('2024-11-05 09:00')],
      [`${unit.id}#L1`, 1, 'OVERDUE', '140000', shanghai('2024-11-20 17:30'), null],
      [`${unit.id}#L2`, 2, 'OVERDUE', '000000', shanghai('2024-11-22 17:30'), null],
      [`${unit.id}#L3`, 3, 'OVERDUE', null, shanghai('2024-11-27 17:30'), null],
    ]);
    const outbox = await rows(NotificationEntity, { kind: 'ESCALATION' });
    const recipients = outbox
      .filter((n) => n.eventId.startsWith(unit.id))
      .map((n) => [n.eventId.slice(unit.id.length), n.recipientUnit, n.subject.slice(0, 4)]);
    expect(recipients).toEqual([
      ['#1', '140000', '督办：临'],
      ['#3', '140000', '督办：临'],
      ['#4', '000000', '上级督办'],
      ['#5', '000000', '通报：临'],
    ]);
  });

  it('derives each notification once, even when a batch repeats an event or two workers race', async () => {
    const streams = threeUnits(fixtureDirective('race'));
    const deliveries = streams.map((stream) =>
      stream.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00')),
    );
    const results = await Promise.all([
      projector.project([deliveries[0], deliveries[1], deliveries[0]]),
      projector.project([deliveries[1], deliveries[2]]),
      new EventProjector(dataSource).project(deliveries),
    ]);

    expect(results.reduce((sum, r) => sum + r.applied, 0)).toBe(3);
    const outbox = (await rows(NotificationEntity, { kind: 'DELIVERED' })).filter((n) => n.eventId.includes(':race:'));
    expect(outbox.map((n) => n.recipientUnit).sort()).toEqual(['140100', '141000', '141002']);
    expect(await dataSource.getRepository(AssignmentEntity).countBy({ directiveId: 'race' })).toBe(3);
  });

  it("applies concurrent calls of several workflows, and a call's broken event fails that call alone", async () => {
    const streams = threeUnits(fixtureDirective('grouped'));
    const calls = streams.map((stream) => [
      stream.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00')),
      stream.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 10:00'), { status: 'ACKNOWLEDGED' }),
    ]);
    const broken = {
      ...calls[2][1],
      id: 'assignment:grouped:141002#3',
      seq: 3,
      snapshot: null,
    } as unknown as CascadeEvent;

    const results = await Promise.allSettled([
      projector.project(calls[0]),
      projector.project(calls[1]),
      projector.project([broken]),
      projector.project(calls[2]),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.applied : null))).toEqual([2, 2, null, 2]);
    const statuses = await rows(AssignmentEntity, { directiveId: 'grouped' });
    expect(statuses.map((a) => a.status)).toEqual(['ACKNOWLEDGED', 'ACKNOWLEDGED', 'ACKNOWLEDGED']);
    expect(await dataSource.getRepository(EventEntity).existsBy({ id: broken.id })).toBe(false);
  });

  it('names a directive by its id in notifications while the directive is not projected yet', async () => {
    const unit = new AssignmentStream(
      fixtureDirective('unknown-yet', { issuerUnit: '999999' }),
      '141000',
      '临汾市民政局',
      shanghai('2024-11-01 09:00'),
    );
    await projector.project([unit.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00'))]);
    const [notification] = await rows(NotificationEntity, { eventId: `${unit.id}#1` });
    expect(notification.subject).toBe('待签收：《unknown-yet》');
    expect(notification.body.startsWith('999999下发《unknown-yet》，')).toBe(true);
  });

  it('migrates down cleanly and back up', async () => {
    // The migration itself, not "the last one": later migrations may follow it, and go down first.
    const migration = new CreateReadModel1763900000000();
    const later = migrations
      .slice(migrations.indexOf(CreateReadModel1763900000000) + 1)
      .map((Migration) => new Migration());
    // A runner per step, as the migration runner does: TypeORM's SQLite runner caches the tables it has read.
    const step = async <T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> => {
      const runner = dataSource.createQueryRunner();
      try {
        return await work(runner);
      } finally {
        await runner.release();
      }
    };
    const tablesThere = () =>
      step((runner) => Promise.all([...READ_MODEL_TABLES, 'units'].map((table) => runner.hasTable(table))));

    for (const next of [...later].reverse()) await step((runner) => next.down(runner));
    await step((runner) => migration.down(runner));
    expect(await tablesThere()).toEqual([...READ_MODEL_TABLES.map(() => false), true]);
    await step((runner) => migration.up(runner));
    for (const next of later) await step((runner) => next.up(runner));
    expect(await tablesThere()).toEqual([...READ_MODEL_TABLES.map(() => true), true]);
    expect(await projector.project([new DirectiveStream(fixtureDirective('after-remigration')).issued()])).toEqual({
      applied: 1,
      skipped: 0,
    });
  });

  describe("a fan-out's deliveries, projected as one batch", () => {
    const delivered = shanghai('2024-11-01 09:00');
    /** The same fan-out under another directive id: one projected as a batch, one event by event. */
    const fanOut = (directiveId: string) => {
      const directive = fixtureDirective(directiveId);
      const streams = [
        new AssignmentStream(directive, '141000', '临汾市民政局', delivered),
        new AssignmentStream(directive, '140100', '太原市民政局', delivered),
        // Not in the unit registry: the row falls back to the code as its path.
        new AssignmentStream(directive, '149999', '某市民政局', delivered),
      ];
      return {
        top: new DirectiveStream(directive),
        streams,
        deliveries: streams.map((s) => s.emit({ type: 'ASSIGNMENT_DELIVERED' }, delivered)),
      };
    };
    /** Rows without the columns that record when the projection ran, and with the directive id neutral. */
    const comparable = async (directiveId: string) => {
      const strip = <T extends object>(list: T[]) =>
        JSON.parse(
          JSON.stringify(list, (key, value: unknown) =>
            ['updatedAt', 'recordedAt', 'createdAt'].includes(key) ? undefined : value,
          )
            .split(directiveId)
            .join('X'),
        ) as unknown;
      return [
        strip(await rows(AssignmentEntity, { directiveId })),
        strip(await rows(EventEntity, { directiveId })),
        strip((await rows(NotificationEntity)).filter((n) => n.id.includes(`:${directiveId}:`))),
      ];
    };

    it('writes what projecting the events one by one writes: events, assignments with unit paths, 待签收 notifications', async () => {
      const batch = fanOut('batch-1');
      const single = fanOut('single-1');
      await projector.project([batch.top.issued(), single.top.issued()]);
      expect(await projector.project(batch.deliveries)).toEqual({ applied: 3, skipped: 0 });
      for (const event of single.deliveries)
        expect(await projector.project([event])).toEqual({ applied: 1, skipped: 0 });

      const [assignments, events, notifications] = await comparable('batch-1');
      expect([assignments, events, notifications]).toEqual(await comparable('single-1'));
      expect((assignments as AssignmentEntity[]).map((a) => [a.unitCode, a.status, a.unitPath, a.lastSeq])).toEqual([
        ['140100', 'DELIVERED', '000000/140000/140100/', 1],
        ['141000', 'DELIVERED', '000000/140000/141000/', 1],
        ['149999', 'DELIVERED', '149999/', 1],
      ]);
      expect((events as EventEntity[]).map((e) => [e.type, e.seq])).toEqual([
        ['ASSIGNMENT_DELIVERED', 1],
        ['ASSIGNMENT_DELIVERED', 1],
        ['ASSIGNMENT_DELIVERED', 1],
        ['DIRECTIVE_ISSUED', 1],
      ]);
      expect(
        (notifications as NotificationEntity[]).map((n) => [n.recipientUnit, n.kind, n.subject.startsWith('待签收：')]),
      ).toEqual(
        expect.arrayContaining([
          ['141000', 'DELIVERED', true],
          ['140100', 'DELIVERED', true],
          ['149999', 'DELIVERED', true],
        ]),
      );
    });

    it('skips a batch recorded before and changes nothing', async () => {
      const again = fanOut('batch-1');
      const before = await comparable('batch-1');
      expect(await projector.project(again.deliveries)).toEqual({ applied: 0, skipped: 3 });
      expect(await comparable('batch-1')).toEqual(before);
    });

    it('keeps an acknowledgement projected before the delivery batch arrived', async () => {
      const late = fanOut('batch-2');
      await projector.project([late.top.issued()]);
      const acknowledged = late.streams[0].emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 10:00'), {
        status: 'ACKNOWLEDGED',
        acknowledgedAt: shanghai('2024-11-01 10:00'),
      });
      await projector.project([acknowledged]);
      expect(await projector.project(late.deliveries)).toEqual({ applied: 3, skipped: 0 });
      const assignments = await rows(AssignmentEntity, { directiveId: 'batch-2' });
      expect(assignments.map((a) => [a.unitCode, a.status, a.lastSeq])).toEqual([
        ['140100', 'DELIVERED', 1],
        ['141000', 'ACKNOWLEDGED', 2],
        ['149999', 'DELIVERED', 1],
      ]);
      expect((await rows(EventEntity, { directiveId: 'batch-2' })).map((e) => e.type).sort()).toEqual([
        'ASSIGNMENT_ACKNOWLEDGED',
        'ASSIGNMENT_DELIVERED',
        'ASSIGNMENT_DELIVERED',
        'ASSIGNMENT_DELIVERED',
        'DIRECTIVE_ISSUED',
      ]);
    });
  });
});
