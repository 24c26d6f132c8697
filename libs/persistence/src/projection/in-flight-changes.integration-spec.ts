import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CascadeEvent, ExtensionRequestRecord, ReportRecord } from '@cascade/contracts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../../test/support/databases';
import { AssignmentEntity } from '../entities/assignment.entity';
import { DirectiveVersionEntity } from '../entities/directive-version.entity';
import { DirectiveEntity } from '../entities/directive.entity';
import { EscalationEntity } from '../entities/escalation.entity';
import { EventEntity } from '../entities/event.entity';
import { ExtensionRequestEntity } from '../entities/extension-request.entity';
import { NotificationEntity } from '../entities/notification.entity';
import { ReportEntity } from '../entities/report.entity';
import { ExtensionRequestsRepository } from '../extension-requests.repository';
import { ChangesWhileRunning1764000000000 } from '../migrations/1764000000000-changes-while-running';
import { openDatabase } from '../open-database';
import { UnitsRepository } from '../units.repository';
import { AssignmentStream, DirectiveStream, fixtureDirective, fixtureUnits, shanghai } from './event-fixtures';
import { EventProjector } from './event-projector';

const READ_MODEL = [
  DirectiveEntity,
  DirectiveVersionEntity,
  AssignmentEntity,
  ReportEntity,
  EscalationEntity,
  EventEntity,
  NotificationEntity,
  ExtensionRequestEntity,
];
const TITLE = '《关于开展老年人权益保障主题活动的通知》';
const CITED = `${TITLE}（晋民函〔2024〕169号）`;

function report(id: string, version: number, submittedAt: number): ReportRecord {
  return {
    id,
    version,
    content: `第${version}版材料`,
    zeroReport: false,
    attachments: [],
    submittedAt,
    late: false,
    rollup: null,
  };
}

/** A directive to 临汾 with its issuance and the delivery and acknowledgement of 临汾's assignment. */
function started(directiveId: string) {
  const directive = fixtureDirective(directiveId);
  const top = new DirectiveStream(directive);
  const linfen = new AssignmentStream(directive, '141000', '临汾市民政局', shanghai('2024-11-01 09:00'));
  const events: CascadeEvent[] = [
    top.issued(),
    linfen.emit({ type: 'ASSIGNMENT_DELIVERED' }, shanghai('2024-11-01 09:00')),
    linfen.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, shanghai('2024-11-01 10:00'), {
      status: 'ACKNOWLEDGED',
      acknowledgedAt: shanghai('2024-11-01 10:00'),
    }),
  ];
  return { directive, top, linfen, events };
}

describe.each(databaseKinds())(
  'EventProjector: returns, extension requests, withdrawals, amendments and urges on %s',
  (kind) => {
    let db: TestDatabase;
    let dataSource: DataSource;
    let projector: EventProjector;
    let extensionRequests: ExtensionRequestsRepository;

    const rows = <T extends ObjectLiteral>(
      entity: EntityTarget<T>,
      where: Record<string, unknown> = {},
      order: Record<string, 'ASC'> = { id: 'ASC' },
    ) => dataSource.getRepository(entity).find({ where: where as never, order: order as never });
    /** The outbox rows derived from the events of one assignment, in event order. */
    const outboxOf = async (assignmentId: string) =>
      (await rows(NotificationEntity))
        .filter((n) => n.eventId.startsWith(`${assignmentId}#`))
        .sort((a, b) => seqOf(a.eventId) - seqOf(b.eventId));
    const seqOf = (eventId: string) => Number(eventId.slice(eventId.lastIndexOf('#') + 1));
    const everything = () => Promise.all(READ_MODEL.map((entity) => dataSource.getRepository(entity).find()));

    /** Projects a batch, then the same batch again and reversed: nothing may change the second and third time. */
    async function projectTwice(events: CascadeEvent[]): Promise<void> {
      expect(await projector.project(events)).toEqual({ applied: events.length, skipped: 0 });
      const before = await everything();
      expect(await projector.project(events)).toEqual({ applied: 0, skipped: events.length });
      expect(await projector.project([...events].reverse())).toEqual({ applied: 0, skipped: events.length });
      expect(await everything()).toEqual(before);
    }

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      dataSource = await openDatabase(db.config);
      await new UnitsRepository(dataSource).upsertMany(fixtureUnits);
      projector = new EventProjector(dataSource);
      extensionRequests = new ExtensionRequestsRepository(dataSource);
    });

    afterAll(async () => {
      if (dataSource?.isInitialized) await dataSource.destroy();
      await db?.drop();
    });

    describe('return for revision (退回)', () => {
      it('marks the returned version RETURNED with its reason, keeps every version and tells the unit', async () => {
        const { linfen, events } = started('ret');
        const newDeadline = shanghai('2024-11-25 17:30');
        events.push(
          linfen.emit(
            { type: 'REPORT_SUBMITTED', report: report('r-ret-1', 1, shanghai('2024-11-18 15:00')) },
            shanghai('2024-11-18 15:00'),
            {
              status: 'REPORTED',
              reportedAt: shanghai('2024-11-18 15:00'),
            },
          ),
          linfen.emit(
            { type: 'REPORT_RETURNED', reportId: 'r-ret-1', reason: '缺少活动照片', newDeadline },
            shanghai('2024-11-19 09:00'),
            {
              status: 'ACKNOWLEDGED',
              reportedAt: null,
              deadline: newDeadline,
            },
          ),
          linfen.emit(
            {
              type: 'DEADLINE_CHANGED',
              deadline: newDeadline,
              previousDeadline: shanghai('2024-11-20 17:30'),
              cause: 'RETURN',
            },
            shanghai('2024-11-19 09:00'),
          ),
          linfen.emit(
            { type: 'REPORT_SUBMITTED', report: report('r-ret-2', 2, shanghai('2024-11-22 10:00')) },
            shanghai('2024-11-22 10:00'),
            {
              status: 'REPORTED',
              reportedAt: shanghai('2024-11-22 10:00'),
            },
          ),
          linfen.emit({ type: 'REPORT_ACCEPTED', reportId: 'r-ret-2' }, shanghai('2024-11-23 10:00'), {
            status: 'ACCEPTED',
            acceptedAt: shanghai('2024-11-23 10:00'),
          }),
        );
        await projectTwice(events);

        expect(
          (await rows(ReportEntity, { assignmentId: linfen.id })).map((r) => [
            r.id,
            r.version,
            r.status,
            r.returnReason,
          ]),
        ).toEqual([
          ['r-ret-1', 1, 'RETURNED', '缺少活动照片'],
          ['r-ret-2', 2, 'ACCEPTED', null],
        ]);
        expect(await rows(AssignmentEntity, { id: linfen.id })).toEqual([
          expect.objectContaining({ status: 'ACCEPTED', deadline: newDeadline }),
        ]);

        const outbox = await outboxOf(linfen.id);
        expect(outbox.map((n) => [n.kind, n.recipientUnit])).toEqual([
          ['DELIVERED', '141000'],
          ['REPORT_SUBMITTED', '140000'],
          ['REPORT_RETURNED', '141000'],
          ['DEADLINE_CHANGED', '141000'],
          ['REPORT_SUBMITTED', '140000'],
        ]);
        expect(outbox[2].subject).toBe(`退回修改：${TITLE}`);
        expect(outbox[2].body).toBe(
          `山西省民政厅退回了临汾市民政局报送的${CITED}材料。退回原因：缺少活动照片。请修改后于 2024-11-25 17:30 前重新报送。`,
        );
        expect(outbox[3].subject).toBe(`时限调整：${TITLE}`);
        expect(outbox[3].body).toBe(`${CITED}的报送截止时间由 2024-11-20 17:30 调整为 2024-11-25 17:30（退回修改）。`);
      });

      it('returns a report whose return was recorded before the report itself', async () => {
        const { linfen, events } = started('ret-reversed');
        const submitted = linfen.emit(
          { type: 'REPORT_SUBMITTED', report: report('r-rr-1', 1, shanghai('2024-11-18 15:00')) },
          shanghai('2024-11-18 15:00'),
          { status: 'REPORTED' },
        );
        const returned = linfen.emit(
          { type: 'REPORT_RETURNED', reportId: 'r-rr-1', reason: '数据有误', newDeadline: null },
          shanghai('2024-11-19 09:00'),
          { status: 'ACKNOWLEDGED' },
        );
        await projector.project([...events, returned, submitted]);

        expect(await rows(ReportEntity, { id: 'r-rr-1' })).toEqual([
          expect.objectContaining({ status: 'RETURNED', returnReason: '数据有误' }),
        ]);
        expect(await rows(AssignmentEntity, { id: linfen.id })).toEqual([
          expect.objectContaining({ status: 'ACKNOWLEDGED', lastSeq: 4 }),
        ]);
        const [notice] = (await outboxOf(linfen.id)).filter((n) => n.kind === 'REPORT_RETURNED');
        // Without a new deadline the unit reports by the one it has.
        expect(notice.body).toContain('请修改后于 2024-11-20 17:30 前重新报送。');
      });
    });

    describe('extension requests (延期申请)', () => {
      const clerk = { unitCode: '141000', role: 'clerk' as const, name: '张三' };
      const leader = { unitCode: '140000', role: 'leader' as const, name: '李四' };
      function request(
        id: string,
        requestedDeadline: number,
        decision: Partial<ExtensionRequestRecord> = {},
      ): ExtensionRequestRecord {
        return {
          id,
          requestedDeadline,
          reason: '乡镇材料尚未汇齐',
          requestedAt: shanghai('2024-11-15 10:00'),
          requestedBy: clerk,
          status: 'PENDING',
          decidedAt: null,
          decidedBy: null,
          decisionNote: null,
          ...decision,
        };
      }

      it('records each request once, its decision on the same row, and notifies the issuer, then the unit', async () => {
        const { linfen, events } = started('ext');
        const first = request(`${linfen.id}#X1`, shanghai('2024-11-27 17:30'));
        const approved = {
          ...first,
          status: 'APPROVED' as const,
          decidedAt: shanghai('2024-11-16 09:00'),
          decidedBy: leader,
          decisionNote: '同意，请抓紧',
        };
        const second = {
          ...request(`${linfen.id}#X2`, shanghai('2024-12-10 17:30')),
          requestedAt: shanghai('2024-11-25 10:00'),
          reason: '再延两周',
        };
        const rejected = {
          ...second,
          status: 'REJECTED' as const,
          decidedAt: shanghai('2024-11-25 15:00'),
          decidedBy: leader,
          decisionNote: null,
        };
        const third = {
          ...request(`${linfen.id}#X3`, shanghai('2024-12-31 17:30')),
          requestedAt: shanghai('2024-11-26 10:00'),
        };
        events.push(
          linfen.emit({ type: 'EXTENSION_REQUESTED', request: first }, first.requestedAt),
          linfen.emit(
            { type: 'EXTENSION_DECIDED', request: approved },
            approved.decidedAt,
            { deadline: first.requestedDeadline },
            leader,
          ),
          linfen.emit(
            {
              type: 'DEADLINE_CHANGED',
              deadline: first.requestedDeadline,
              previousDeadline: shanghai('2024-11-20 17:30'),
              cause: 'EXTENSION',
            },
            approved.decidedAt,
          ),
          linfen.emit({ type: 'EXTENSION_REQUESTED', request: second }, second.requestedAt),
          linfen.emit({ type: 'EXTENSION_DECIDED', request: rejected }, rejected.decidedAt, {}, leader),
          linfen.emit({ type: 'EXTENSION_REQUESTED', request: third }, third.requestedAt),
        );
        await projectTwice(events);

        expect(await extensionRequests.findById(first.id)).toEqual({
          id: first.id,
          assignmentId: linfen.id,
          directiveId: 'ext',
          unitCode: '141000',
          unitName: '临汾市民政局',
          issuerUnit: '140000',
          requestedDeadline: shanghai('2024-11-27 17:30'),
          reason: '乡镇材料尚未汇齐',
          requestedAt: shanghai('2024-11-15 10:00'),
          requestedBy: clerk,
          status: 'APPROVED',
          decidedAt: shanghai('2024-11-16 09:00'),
          decidedBy: leader,
          decisionNote: '同意，请抓紧',
        });
        expect(
          (await rows(ExtensionRequestEntity, { assignmentId: linfen.id }, { requestedAt: 'ASC', id: 'ASC' })).map(
            (r) => [r.id.slice(linfen.id.length), r.status],
          ),
        ).toEqual([
          ['#X1', 'APPROVED'],
          ['#X2', 'REJECTED'],
          ['#X3', 'PENDING'],
        ]);
        expect(
          (await rows(ExtensionRequestEntity, { issuerUnit: '140000', status: 'PENDING' })).map((r) => r.id),
        ).toEqual([third.id]);
        expect(await rows(ExtensionRequestEntity, { issuerUnit: '141000', status: 'PENDING' })).toEqual([]);
        expect(await extensionRequests.findById('nope')).toBeNull();

        const outbox = (await outboxOf(linfen.id)).filter((n) => n.kind !== 'DELIVERED');
        expect(outbox.map((n) => [n.kind, n.recipientUnit, n.subject])).toEqual([
          ['EXTENSION_REQUESTED', '140000', `延期申请：临汾市民政局${TITLE}`],
          ['EXTENSION_DECIDED', '141000', `延期申请已批准：${TITLE}`],
          ['DEADLINE_CHANGED', '141000', `时限调整：${TITLE}`],
          ['EXTENSION_REQUESTED', '140000', `延期申请：临汾市民政局${TITLE}`],
          ['EXTENSION_DECIDED', '141000', `延期申请未批准：${TITLE}`],
          ['EXTENSION_REQUESTED', '140000', `延期申请：临汾市民政局${TITLE}`],
        ]);
        expect(outbox[0].body).toBe(
          `临汾市民政局申请将${CITED}的报送截止时间由 2024-11-20 17:30 延至 2024-11-27 17:30。申请理由：乡镇材料尚未汇齐。请审批。`,
        );
        expect(outbox[1].body).toBe(
          `山西省民政厅对${CITED}已批准延期申请，报送截止时间调整为 2024-11-27 17:30。审批意见：同意，请抓紧。`,
        );
        expect(outbox[2].body).toBe(
          `${CITED}的报送截止时间由 2024-11-20 17:30 调整为 2024-11-27 17:30（延期申请获批）。`,
        );
        expect(outbox[4].body).toBe(
          `山西省民政厅对${CITED}未批准延期申请（申请延至 2024-12-10 17:30），报送截止时间仍为 2024-11-27 17:30。`,
        );
      });

      it('keeps a decision recorded before its request', async () => {
        const { linfen, events } = started('ext-reversed');
        const pending = request(`${linfen.id}#X1`, shanghai('2024-11-27 17:30'));
        const requested = linfen.emit({ type: 'EXTENSION_REQUESTED', request: pending }, pending.requestedAt);
        const decided = linfen.emit(
          {
            type: 'EXTENSION_DECIDED',
            request: {
              ...pending,
              status: 'REJECTED',
              decidedAt: shanghai('2024-11-16 09:00'),
              decidedBy: leader,
              decisionNote: '时限不能再延',
            },
          },
          shanghai('2024-11-16 09:00'),
        );
        await projector.project([...events, decided, requested]);

        expect(await extensionRequests.findById(pending.id)).toMatchObject({
          status: 'REJECTED',
          decidedBy: leader,
          decisionNote: '时限不能再延',
        });
        expect(await rows(ExtensionRequestEntity, { issuerUnit: '140000', status: 'PENDING' })).not.toContainEqual(
          expect.objectContaining({ id: pending.id }),
        );
      });
    });

    describe('withdrawal (撤回)', () => {
      it('withdraws the whole directive, closes the open escalations once and tells the unit', async () => {
        const { top, linfen, events } = started('wd');
        const withdrawnAt = shanghai('2024-11-25 09:00');
        events.push(
          linfen.emit(
            {
              type: 'ESCALATED',
              escalation: { level: 1, reason: 'OVERDUE', firedAt: shanghai('2024-11-20 17:30'), resolvedAt: null },
            },
            shanghai('2024-11-20 17:30'),
            {
              overdue: true,
              escalationLevel: 1,
            },
          ),
          linfen.emit(
            {
              type: 'ESCALATED',
              escalation: { level: 2, reason: 'OVERDUE', firedAt: shanghai('2024-11-22 17:30'), resolvedAt: null },
            },
            shanghai('2024-11-22 17:30'),
            {
              escalationLevel: 2,
            },
          ),
          top.withdrawn('工作安排调整', null, withdrawnAt),
          linfen.emit(
            { type: 'ASSIGNMENT_WITHDRAWN', reason: '工作安排调整' },
            withdrawnAt,
            { status: 'WITHDRAWN' },
            { unitCode: '140000', role: 'leader' },
          ),
          // The workflow resolves them too, a little later: the rows keep the withdrawal's instant.
          linfen.emit(
            { type: 'ESCALATIONS_RESOLVED', levels: [1, 2], resolvedAt: withdrawnAt + 1000 },
            withdrawnAt + 1000,
          ),
          top.completed(withdrawnAt + 2000),
        );
        await projectTwice(events);

        expect(await rows(DirectiveEntity, { id: 'wd' })).toEqual([expect.objectContaining({ status: 'WITHDRAWN' })]);
        expect(await rows(AssignmentEntity, { id: linfen.id })).toEqual([
          expect.objectContaining({ status: 'WITHDRAWN' }),
        ]);
        expect(
          (await rows(EscalationEntity, { assignmentId: linfen.id })).map((e) => [e.level, e.resolvedAt, e.lastSeq]),
        ).toEqual([
          [1, withdrawnAt, 5],
          [2, withdrawnAt, 5],
        ]);
        const [notice] = (await outboxOf(linfen.id)).filter((n) => n.kind === 'WITHDRAWN');
        expect(notice).toMatchObject({ recipientUnit: '141000', subject: `已撤回：${TITLE}` });
        expect(notice.body).toBe(`山西省民政厅已撤回${CITED}，临汾市民政局无需继续办理。撤回原因：工作安排调整。`);
      });

      it('closes an escalation that arrives after the withdrawal, at the withdrawal', async () => {
        const { linfen, events } = started('wd-late');
        const escalated = linfen.emit(
          {
            type: 'ESCALATED',
            escalation: { level: 1, reason: 'OVERDUE', firedAt: shanghai('2024-11-20 17:30'), resolvedAt: null },
          },
          shanghai('2024-11-20 17:30'),
        );
        const withdrawn = linfen.emit(
          { type: 'ASSIGNMENT_WITHDRAWN', reason: '重复发文' },
          shanghai('2024-11-21 09:00'),
          { status: 'WITHDRAWN' },
        );
        await projector.project([...events, withdrawn, escalated]);

        expect(await rows(EscalationEntity, { assignmentId: linfen.id })).toEqual([
          expect.objectContaining({ level: 1, resolvedAt: shanghai('2024-11-21 09:00'), lastSeq: 4 }),
        ]);
      });

      it('leaves the directive ACTIVE when only some recipients are withdrawn, and WITHDRAWN when that was recorded before its issuance', async () => {
        const partial = started('wd-part');
        await projector.project([
          ...partial.events,
          partial.top.withdrawn('太原市不再参与', ['140100'], shanghai('2024-11-05 09:00')),
        ]);
        expect(await rows(DirectiveEntity, { id: 'wd-part' })).toEqual([expect.objectContaining({ status: 'ACTIVE' })]);

        const early = started('wd-early');
        const [issued] = early.events;
        await projector.project([
          early.top.withdrawn('发文有误', null, shanghai('2024-11-01 09:05')),
          early.top.completed(shanghai('2024-11-01 09:06')),
          issued,
        ]);
        expect(await rows(DirectiveEntity, { id: 'wd-early' })).toEqual([
          expect.objectContaining({ status: 'WITHDRAWN' }),
        ]);
      });
    });

    describe('amendments (更正/补充通知)', () => {
      const v2 = { title: '关于开展老年人权益保障主题活动的通知（更正）', deadline: shanghai('2024-11-22 17:30') };
      const v3 = {
        obligations: [{ kind: 'report', text: '每年至少开展2项主题活动' }],
        body: '请于11月22日前报省老龄办。',
      };

      it('keeps each version with what changed, moves the directive to the newest and asks the unit to acknowledge', async () => {
        const { directive, top, linfen, events } = started('amd');
        events.push(
          top.amended(2, v2, '更正标题并延长报送时限', shanghai('2024-11-05 09:00')),
          linfen.emit(
            { type: 'AMENDMENT_RECEIVED', version: 2, changes: v2, note: '更正标题并延长报送时限' },
            shanghai('2024-11-05 09:00'),
            { deadline: v2.deadline },
          ),
          linfen.emit(
            {
              type: 'DEADLINE_CHANGED',
              deadline: v2.deadline,
              previousDeadline: directive.deadline,
              cause: 'AMENDMENT',
            },
            shanghai('2024-11-05 09:00'),
          ),
          linfen.emit({ type: 'AMENDMENT_ACKNOWLEDGED', version: 2 }, shanghai('2024-11-05 10:00')),
          top.amended(3, v3, '补充工作要求', shanghai('2024-11-06 09:00')),
          linfen.emit(
            { type: 'AMENDMENT_RECEIVED', version: 3, changes: v3, note: '补充工作要求' },
            shanghai('2024-11-06 09:00'),
          ),
        );
        await projectTwice(events);

        expect(await rows(DirectiveEntity, { id: 'amd' })).toEqual([
          expect.objectContaining({
            version: 3,
            status: 'ACTIVE',
            title: v2.title,
            deadline: v2.deadline,
            body: v3.body,
            obligations: v3.obligations,
            docNumber: directive.docNumber,
          }),
        ]);
        const versions = await rows(DirectiveVersionEntity, { directiveId: 'amd' }, { version: 'ASC' });
        expect(versions.map((v) => [v.version, v.note, v.changes, v.createdAt])).toEqual([
          [1, null, null, directive.issuedAt],
          [2, '更正标题并延长报送时限', v2, shanghai('2024-11-05 09:00')],
          [3, '补充工作要求', v3, shanghai('2024-11-06 09:00')],
        ]);
        expect(versions.map((v) => v.snapshot)).toEqual([
          directive,
          { ...directive, ...v2 },
          { ...directive, ...v2, ...v3 },
        ]);

        const outbox = (await outboxOf(linfen.id)).filter((n) => n.kind !== 'DELIVERED');
        expect(outbox.map((n) => [n.kind, n.recipientUnit, n.eventId.slice(linfen.id.length)])).toEqual([
          ['AMENDMENT', '141000', '#3'],
          ['DEADLINE_CHANGED', '141000', '#4'],
          ['AMENDMENT', '141000', '#6'],
        ]);
        // Projected after DIRECTIVE_AMENDED, the notice names the directive by its amended title.
        expect(outbox[0].subject).toBe(`更正/补充通知：《${v2.title}》`);
        expect(outbox[0].body).toBe(
          `山西省民政厅对《${v2.title}》（晋民函〔2024〕169号）发出更正/补充通知（第2版）：标题改为《${v2.title}》；报送截止时间调整为 2024-11-22 17:30。说明：更正标题并延长报送时限。请签收确认。`,
        );
        expect(outbox[2].body).toContain('（第3版）：正文已修改；工作要求已调整。说明：补充工作要求。请签收确认。');
        expect(await rows(EventEntity, { assignmentId: linfen.id, type: 'AMENDMENT_ACKNOWLEDGED' })).toEqual([
          expect.objectContaining({ payload: expect.objectContaining({ version: 2 }) }),
        ]);
      });

      it('ends the same whatever order the issuance and the versions arrive in', async () => {
        const { directive, top } = started('amd-any');
        const issued = top.issued();
        const second = top.amended(2, v2, '更正', shanghai('2024-11-05 09:00'));
        const third = top.amended(3, v3, '补充', shanghai('2024-11-06 09:00'));
        await projector.project([third]);
        await projector.project([second, issued]);

        expect(await rows(DirectiveEntity, { id: 'amd-any' })).toEqual([
          expect.objectContaining({ version: 3, title: v2.title, deadline: v2.deadline, obligations: v3.obligations }),
        ]);
        const versions = await rows(DirectiveVersionEntity, { directiveId: 'amd-any' }, { version: 'ASC' });
        expect(versions.map((v) => [v.version, v.snapshot])).toEqual([
          [1, directive],
          [2, { ...directive, ...v2 }],
          [3, { ...directive, ...v2, ...v3 }],
        ]);
      });

      it('keeps the newest version on the directive when an older amendment arrives last', async () => {
        const { directive, top } = started('amd-late');
        const issued = top.issued();
        const second = top.amended(2, { deadline: shanghai('2024-11-22 17:30') }, '延期', shanghai('2024-11-05 09:00'));
        const third = top.amended(
          3,
          { deadline: shanghai('2024-11-21 17:30') },
          '再次更正时限',
          shanghai('2024-11-06 09:00'),
        );
        await projector.project([issued, third, second]);

        expect(await rows(DirectiveEntity, { id: 'amd-late' })).toEqual([
          expect.objectContaining({ version: 3, deadline: shanghai('2024-11-21 17:30'), title: directive.title }),
        ]);
        expect(
          (await rows(DirectiveVersionEntity, { directiveId: 'amd-late' }, { version: 'ASC' })).map(
            (v) => v.snapshot.deadline,
          ),
        ).toEqual([directive.deadline, shanghai('2024-11-22 17:30'), shanghai('2024-11-21 17:30')]);
      });
    });

    describe('urging (催办) and forward flags', () => {
      it('counts the urges whatever order they arrive in and tells the unit who urged', async () => {
        const { linfen, events } = started('urge');
        const first = linfen.emit(
          { type: 'URGED', note: '请尽快报送', count: 1 },
          shanghai('2024-11-18 09:00'),
          {},
          { unitCode: '140000', role: 'leader' },
        );
        const second = linfen.emit(
          { type: 'URGED', note: null, count: 2 },
          shanghai('2024-11-19 09:00'),
          {},
          { unitCode: '000000', role: 'supervisor' },
        );
        await projector.project(events);
        expect(await rows(AssignmentEntity, { id: linfen.id })).toEqual([
          expect.objectContaining({ urgeCount: 0, lastUrgedAt: null }),
        ]);

        await projector.project([second, first, second]);
        expect(await rows(AssignmentEntity, { id: linfen.id })).toEqual([
          expect.objectContaining({ urgeCount: 2, lastUrgedAt: shanghai('2024-11-19 09:00'), lastSeq: 4 }),
        ]);

        const outbox = (await outboxOf(linfen.id)).filter((n) => n.kind === 'URGED');
        expect(outbox.map((n) => [n.recipientUnit, n.subject, n.body])).toEqual([
          [
            '141000',
            `催办：${TITLE}`,
            `山西省民政厅催办${CITED}（第1次），报送截止时间 2024-11-20 17:30，当前状态：已签收。催办意见：请尽快报送。`,
          ],
          [
            '141000',
            `催办：${TITLE}`,
            `民政部催办${CITED}（第2次），报送截止时间 2024-11-20 17:30，当前状态：已签收。`,
          ],
        ]);
      });

      it('passes a flag on the forward to the unit', async () => {
        const { linfen, events } = started('flag');
        const message = '上级时限已延至 2024-11-27 17:30，下级时限 2024-11-15 17:30 可相应放宽。';
        await projectTwice([
          ...events,
          linfen.emit({ type: 'FORWARD_FLAGGED', message }, shanghai('2024-11-16 09:00')),
        ]);

        const [flag] = (await outboxOf(linfen.id)).filter((n) => n.kind === 'FORWARD_FLAGGED');
        expect(flag).toMatchObject({
          recipientUnit: '141000',
          subject: `转发提示：${TITLE}`,
          body: `${CITED}的转发提示：${message}`,
        });
      });
    });

    it('migrates its own tables and columns down cleanly and back up', async () => {
      const migration = new ChangesWhileRunning1764000000000();
      const runner = dataSource.createQueryRunner();
      try {
        await migration.down(runner);
        expect(await runner.hasTable('extension_requests')).toBe(false);
        expect(await runner.hasTable('calendar_years')).toBe(false);
        expect(await runner.hasColumn('assignments', 'urge_count')).toBe(false);
        expect(await runner.hasColumn('directive_versions', 'changes')).toBe(false);
        expect(await runner.hasColumn('reports', 'return_reason')).toBe(false);
        // The rows written before are still there.
        expect(
          await dataSource
            .getRepository(AssignmentEntity)
            .createQueryBuilder('a')
            .select('a.id')
            .where('a.id = :id', { id: 'assignment:urge:141000' })
            .getCount(),
        ).toBe(1);
        await migration.up(runner);
        expect(await rows(AssignmentEntity, { id: 'assignment:urge:141000' })).toEqual([
          expect.objectContaining({ urgeCount: 0, lastUrgedAt: null }),
        ]);
        const { linfen, events } = started('after-remigration');
        const pending = {
          id: `${linfen.id}#X1`,
          requestedDeadline: 1,
          reason: 'r',
          requestedAt: 1,
          requestedBy: { unitCode: '141000', role: 'clerk' as const },
          status: 'PENDING' as const,
          decidedAt: null,
          decidedBy: null,
          decisionNote: null,
        };
        await projector.project([...events, linfen.emit({ type: 'EXTENSION_REQUESTED', request: pending }, 1)]);
        expect(
          await rows(ExtensionRequestEntity, { assignmentId: linfen.id }, { requestedAt: 'ASC', id: 'ASC' }),
        ).toHaveLength(1);
      } finally {
        await runner.release();
      }
    });
  },
);
