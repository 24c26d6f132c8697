import type { DataSource } from 'typeorm';
import type { CascadeEvent, ReportForm, ReportRecord } from '@cascade/contracts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/support/databases';
import { AssignmentsRepository } from './assignments.repository';
import { type DirectiveListScope, DirectivesRepository } from './directives.repository';
import { EscalationsRepository } from './escalations.repository';
import { EventsRepository } from './events.repository';
import { openDatabase } from './open-database';
import {
  AssignmentStream,
  DirectiveStream,
  fixtureDirective,
  fixtureUnits,
  shanghai,
} from './projection/event-fixtures';
import { EventProjector } from './projection/event-projector';
import { DirectiveEntity } from './entities/directive.entity';
import { ReportsRepository } from './reports.repository';
import { TokensRepository } from './tokens.repository';
import { UnitsRepository } from './units.repository';

const day = 24 * 60 * 60 * 1000;

const all: DirectiveListScope = { kind: 'all' };

function report(id: string, version: number, submittedAt: number): ReportRecord {
  return {
    id,
    version,
    content: `第${version}版`,
    zeroReport: false,
    attachments: [],
    submittedAt,
    late: false,
    rollup: null,
  };
}

/**
 * 山西省民政厅 → 临汾 (forwards to 尧都区 with an earlier deadline) and 太原; a second directive
 * whose title holds a literal `%`.
 */
function cascade(): CascadeEvent[] {
  const root = fixtureDirective('root-1');
  const forward = fixtureDirective('fwd-1', {
    docNumber: '临市民函〔2024〕89号',
    title: '关于转发晋民函〔2024〕169号的通知',
    issuerUnit: '141000',
    deadline: root.deadline - 3 * day,
    recipients: [{ unitCode: '141002', unitName: '尧都区民政局' }],
    forwardsDirectiveId: 'root-1',
    parentAssignmentId: 'assignment:root-1:141000',
    rootDirectiveId: 'root-1',
    issuedAt: root.issuedAt + day,
  });
  const other = fixtureDirective('other-1', {
    docNumber: '晋民函〔2024〕200号',
    title: '完成率100%的通报',
    recipients: [],
    issuedAt: root.issuedAt + 2 * day,
  });
  const linfen = new AssignmentStream(root, '141000', '临汾市民政局', root.issuedAt);
  const taiyuan = new AssignmentStream(root, '140100', '太原市民政局', root.issuedAt);
  const yaodu = new AssignmentStream(forward, '141002', '尧都区民政局', forward.issuedAt);
  return [
    new DirectiveStream(root).issued(),
    linfen.emit({ type: 'ASSIGNMENT_DELIVERED' }, root.issuedAt + 1000),
    taiyuan.emit({ type: 'ASSIGNMENT_DELIVERED' }, root.issuedAt + 1000),
    linfen.emit({ type: 'ASSIGNMENT_ACKNOWLEDGED' }, root.issuedAt + 2000, { status: 'ACKNOWLEDGED' }),
    new DirectiveStream(forward).issued(),
    linfen.emit(
      {
        type: 'ASSIGNMENT_FORWARDED',
        forward: { ...forward, directiveId: 'fwd-1', forwardedAt: forward.issuedAt, warnings: [] },
      },
      forward.issuedAt,
      {
        status: 'FORWARDED',
        forwardedDirectiveId: 'fwd-1',
      },
    ),
    yaodu.emit({ type: 'ASSIGNMENT_DELIVERED' }, forward.issuedAt),
    yaodu.emit(
      { type: 'ESCALATED', escalation: { level: 1, reason: 'OVERDUE', firedAt: forward.deadline, resolvedAt: null } },
      forward.deadline,
      { overdue: true, escalationLevel: 1 },
    ),
    taiyuan.emit(
      { type: 'ESCALATED', escalation: { level: 1, reason: 'OVERDUE', firedAt: root.deadline, resolvedAt: null } },
      root.deadline,
      { overdue: true, escalationLevel: 1 },
    ),
    taiyuan.emit(
      {
        type: 'ESCALATED',
        escalation: { level: 2, reason: 'OVERDUE', firedAt: root.deadline + 2 * day, resolvedAt: null },
      },
      root.deadline + 2 * day,
      {
        escalationLevel: 2,
      },
    ),
    taiyuan.emit(
      { type: 'ESCALATIONS_RESOLVED', levels: [1], resolvedAt: root.deadline + 3 * day },
      root.deadline + 3 * day,
    ),
    taiyuan.emit(
      { type: 'REPORT_SUBMITTED', report: report('r-ty-1', 1, root.deadline + 3 * day) },
      root.deadline + 3 * day,
      { status: 'REPORTED' },
    ),
    taiyuan.emit(
      { type: 'REPORT_SUBMITTED', report: report('r-ty-2', 2, root.deadline + 4 * day) },
      root.deadline + 4 * day,
      { status: 'REPORTED' },
    ),
    new DirectiveStream(other).issued(),
  ];
}

describe.each(databaseKinds())('read-model repositories on %s', (kind) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let assignments: AssignmentsRepository;
  let directives: DirectivesRepository;
  let escalations: EscalationsRepository;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataSource = await openDatabase(db.config);
    await new UnitsRepository(dataSource).upsertMany(fixtureUnits);
    await new EventProjector(dataSource).project(cascade());
    assignments = new AssignmentsRepository(dataSource);
    directives = new DirectivesRepository(dataSource);
    escalations = new EscalationsRepository(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  describe('AssignmentsRepository', () => {
    it('finds an assignment by id, and null for an unknown one', async () => {
      expect(await assignments.findById('assignment:fwd-1:141002')).toMatchObject({
        unitName: '尧都区民政局',
        parentAssignmentId: 'assignment:root-1:141000',
      });
      expect(await assignments.findById('assignment:nope:141002')).toBeNull();
    });

    it("lists a unit's inbox with the directive's 文号 and title, leaving out what waits on others", async () => {
      expect(await assignments.inbox('141002')).toEqual([
        {
          id: 'assignment:fwd-1:141002',
          directiveId: 'fwd-1',
          docNumber: '临市民函〔2024〕89号',
          title: '关于转发晋民函〔2024〕169号的通知',
          status: 'DELIVERED',
          deadline: shanghai('2024-11-17 17:30'),
          ackDueAt: expect.any(Number),
          overdue: true,
          escalationLevel: 1,
        },
      ]);
      expect((await assignments.inbox('141000')).map((item) => item.status)).toEqual(['FORWARDED']);
      expect(await assignments.inbox('140100')).toEqual([]);
    });

    it('lists one directive level and the whole tree across forwards', async () => {
      expect((await assignments.byDirective('root-1')).map((a) => a.unitCode)).toEqual(['140100', '141000']);
      const tree = await assignments.treeRows('root-1');
      expect(tree.map((a) => [a.unitCode, a.parentAssignmentId])).toEqual([
        ['140100', null],
        ['141000', null],
        ['141002', 'assignment:root-1:141000'],
      ]);
      expect(tree[1].forwardedDirectiveId).toBe('fwd-1');
      expect((await assignments.treeRows('root-1', '000000/140000/141000/')).map((a) => a.unitCode)).toEqual([
        '141000',
        '141002',
      ]);
    });

    it('finds assignments by id and tells whether a directive reached a subtree', async () => {
      expect([...(await assignments.byIds(['assignment:root-1:141000', 'nope'])).keys()]).toEqual([
        'assignment:root-1:141000',
      ]);
      expect(await assignments.byIds([])).toEqual(new Map());
      expect(await assignments.directiveTouchesSubtree('root-1', '000000/140000/141000/')).toBe(true);
      expect(await assignments.directiveTouchesSubtree('fwd-1', '000000/140000/140100/')).toBe(false);
    });
  });

  describe('DirectivesRepository', () => {
    it('finds a directive and lists newest first with filters', async () => {
      expect(await directives.findById('fwd-1')).toMatchObject({
        issuerUnit: '141000',
        rootDirectiveId: 'root-1',
        forwardsDirectiveId: 'root-1',
      });
      expect(await directives.list({ scope: all })).toMatchObject({
        total: 3,
        items: [{ id: 'other-1' }, { id: 'fwd-1' }, { id: 'root-1' }],
      });
      expect((await directives.list({ scope: all, issuer: '140000' })).items.map((d) => d.id)).toEqual([
        'other-1',
        'root-1',
      ]);
      expect((await directives.list({ scope: all, status: 'COMPLETED' })).total).toBe(0);
      expect((await directives.list({ scope: all, q: '89号' })).items.map((d) => d.id)).toEqual(['fwd-1']);
      expect((await directives.list({ scope: all, limit: 1, offset: 1 })).items.map((d) => d.id)).toEqual(['fwd-1']);
    });

    it('matches `%` and `_` in a search literally', async () => {
      expect((await directives.list({ scope: all, q: '100%' })).items.map((d) => d.id)).toEqual(['other-1']);
      expect((await directives.list({ scope: all, q: '%' })).items.map((d) => d.id)).toEqual(['other-1']);
      expect((await directives.list({ scope: all, q: '_' })).total).toBe(0);
    });

    it('lists the directives a unit issued or received, or that touch a subtree', async () => {
      expect((await directives.list({ scope: { kind: 'unit', unitCode: '141000' } })).items.map((d) => d.id)).toEqual([
        'fwd-1',
        'root-1',
      ]);
      expect((await directives.list({ scope: { kind: 'unit', unitCode: '141002' } })).items.map((d) => d.id)).toEqual([
        'fwd-1',
      ]);
      expect(
        (await directives.list({ scope: { kind: 'subtree', path: '000000/140000/141000/' } })).items.map((d) => d.id),
      ).toEqual(['fwd-1', 'root-1']);
    });

    it("reads a directive's 填报表 alone: null without one or for an unknown id", async () => {
      expect(await directives.formOf('fwd-1')).toBeNull();
      expect(await directives.formOf('nope')).toBeNull();
      const form: ReportForm = { fields: [{ key: 'visits', label: '走访人次', type: 'integer' }] };
      await dataSource.getRepository(DirectiveEntity).update({ id: 'fwd-1' }, { form });
      try {
        expect(await directives.formOf('fwd-1')).toEqual(form);
      } finally {
        await dataSource.getRepository(DirectiveEntity).update({ id: 'fwd-1' }, { form: null });
      }
    });

    it('finds directives by id and counts those besides some', async () => {
      expect([...(await directives.byIds(['fwd-1', 'nope', 'fwd-1'])).keys()]).toEqual(['fwd-1']);
      expect(await directives.countExcept(['fwd-1', 'root-1'])).toBe(1);
      expect(await directives.countExcept([])).toBe(3);
    });
  });

  describe('TokensRepository', () => {
    it("finds a token with its unit's path in one lookup, null for an unregistered unit or an unknown token", async () => {
      const tokens = new TokensRepository(dataSource);
      const registered = await tokens.create({ unitCode: '141002', role: 'clerk' });
      const unregistered = await tokens.create({ unitCode: '999999', role: 'clerk' });
      expect(await tokens.findByTokenWithUnitPath(registered.token)).toEqual({
        record: expect.objectContaining({ id: registered.id, unitCode: '141002', role: 'clerk', revokedAt: null }),
        unitPath: '000000/140000/141000/141002/',
      });
      expect(await tokens.findByTokenWithUnitPath(unregistered.token)).toEqual({
        record: expect.objectContaining({ id: unregistered.id, unitCode: '999999' }),
        unitPath: null,
      });
      expect(await tokens.findByTokenWithUnitPath(`${registered.token}x`)).toBeNull();
    });
  });

  describe('EscalationsRepository', () => {
    it('lists most overdue first: earliest deadline, then highest level', async () => {
      const page = await escalations.list();
      expect(page.total).toBe(3);
      expect(page.items.map((e) => [e.unitCode, e.level])).toEqual([
        ['141002', 1],
        ['140100', 2],
        ['140100', 1],
      ]);
    });

    it('filters by subtree, level, openness and directive, and pages', async () => {
      const codes = async (filter: Parameters<EscalationsRepository['list']>[0]) =>
        (await escalations.list(filter)).items.map((e) => e.id);
      expect(await codes({ underPath: '000000/140000/141000/' })).toEqual(['assignment:fwd-1:141002#L1']);
      expect(await codes({ underPath: '000000/140000/' })).toHaveLength(3);
      expect(await codes({ involvingUnit: '141002' })).toEqual(['assignment:fwd-1:141002#L1']);
      expect(await codes({ involvingUnit: '140000' })).toHaveLength(2);
      expect(await codes({ minLevel: 2 })).toEqual(['assignment:root-1:140100#L2']);
      expect(await codes({ openOnly: true })).toEqual(['assignment:fwd-1:141002#L1', 'assignment:root-1:140100#L2']);
      expect(await codes({ directiveId: 'root-1', openOnly: true })).toEqual(['assignment:root-1:140100#L2']);
      expect(await escalations.list({ limit: 1, offset: 1 })).toMatchObject({
        total: 3,
        items: [{ id: 'assignment:root-1:140100#L2' }],
      });
    });
  });

  describe('EventsRepository and ReportsRepository', () => {
    it('gives the timeline of a directive', async () => {
      const events = new EventsRepository(dataSource);
      const timeline = await events.byDirectives(['root-1']);
      expect(timeline.map((e) => e.type)).toEqual([
        'DIRECTIVE_ISSUED',
        'ASSIGNMENT_DELIVERED',
        'ASSIGNMENT_DELIVERED',
        'ASSIGNMENT_ACKNOWLEDGED',
        'ASSIGNMENT_FORWARDED',
        'ESCALATED',
        'ESCALATED',
        'ESCALATIONS_RESOLVED',
        'REPORT_SUBMITTED',
        'REPORT_SUBMITTED',
      ]);
      expect(timeline.map((e) => e.occurredAt)).toEqual([...timeline.map((e) => e.occurredAt)].sort((a, b) => a - b));
    });

    it("gives the newest report version of each of a directive's assignments", async () => {
      const latest = await new ReportsRepository(dataSource).latestByDirective('root-1');
      expect([...latest.entries()].map(([assignmentId, r]) => [assignmentId, r.id, r.version])).toEqual([
        ['assignment:root-1:140100', 'r-ty-2', 2],
      ]);
      expect(latest.get('assignment:root-1:140100')).toMatchObject({ content: '第2版', unitCode: '140100' });
    });
  });
});
