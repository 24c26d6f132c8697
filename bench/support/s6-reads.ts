import type { DataSource } from 'typeorm';
import { createCascadeApi, ok } from '@cascade/api-client';
import { DEFAULT_POLICY } from '@cascade/contracts';
import type { PlacedUnit } from '@cascade/domain/units';
import { AssignmentEntity, DirectiveEntity, EscalationEntity, TokensRepository } from '@cascade/persistence';
import type { NationalUnits } from './national-units';
import { percentile } from './stats';

const DAY = 86_400_000;

/**
 * Writes the read model of one national cascade forwarded down to every township, as the
 * projector leaves it: one directive per forwarding unit, one assignment per unit, a mix of
 * statuses among the townships and open level-1/2 escalations for the ones that never
 * acknowledged. Bulk inserts: S6 measures reads, not the writes (S2 measures those).
 */
export async function seedNationalReadModel(
  dataSource: DataSource,
  units: NationalUnits,
  scope: PlacedUnit[],
  rootDirectiveId: string,
): Promise<{ assignments: number; escalations: number; directives: number }> {
  const now = Date.now();
  const deadline = now - 2 * DAY;
  const inScope = new Set(scope.map((unit) => unit.code));
  const directiveOf = new Map<string, string>([['000000', rootDirectiveId]]);
  const assignmentOf = new Map<string, string>();
  const directives: Array<Partial<DirectiveEntity>> = [];
  const assignments: Array<Partial<AssignmentEntity>> = [];
  const escalations: Array<Partial<EscalationEntity>> = [];
  const policy = DEFAULT_POLICY;
  const addDirective = (issuer: PlacedUnit | null, id: string, recipients: PlacedUnit[]) =>
    directives.push({
      id,
      docNumber: `基准〔2026〕${issuer?.code ?? '000000'}号`,
      title: '关于开展基准测试的通知',
      body: null,
      issuerUnit: issuer?.code ?? '000000',
      deadline,
      policy,
      obligations: [],
      recipients: recipients.map((unit) => ({ unitCode: unit.code, unitName: unit.name })),
      forwardsDirectiveId: issuer ? (directiveOf.get(issuer.parentCode!) ?? rootDirectiveId) : null,
      parentAssignmentId: issuer ? (assignmentOf.get(issuer.code) ?? null) : null,
      rootDirectiveId,
      status: 'ACTIVE',
      version: 1,
      issuedAt: now - 10 * DAY,
    });
  addDirective(
    null,
    rootDirectiveId,
    scope.filter((unit) => unit.parentCode === '000000'),
  );
  let index = 0;
  for (const unit of scope) {
    index += 1;
    const directiveId = directiveOf.get(unit.parentCode!)!;
    const id = `assignment:${directiveId}:${unit.code}`;
    assignmentOf.set(unit.code, id);
    const children = (units.children.get(unit.code) ?? []).filter((child) => inScope.has(child.code));
    const status = children.length ? 'FORWARDED' : (['DELIVERED', 'ACKNOWLEDGED', 'REPORTED'] as const)[index % 3];
    if (children.length) {
      const forwardId = `${rootDirectiveId}-${unit.code}`;
      directiveOf.set(unit.code, forwardId);
      addDirective(unit, forwardId, children);
    }
    const overdue = status !== 'REPORTED';
    assignments.push({
      id,
      directiveId,
      rootDirectiveId,
      unitCode: unit.code,
      unitName: unit.name,
      unitPath: unit.path,
      issuerUnit: unit.parentCode!,
      parentAssignmentId: unit.parentCode === '000000' ? null : (assignmentOf.get(unit.parentCode!) ?? null),
      status,
      deliveredAt: now - 9 * DAY,
      deadline,
      ackDueAt: now - 8 * DAY,
      acknowledgedAt: status === 'DELIVERED' ? null : now - 8.5 * DAY,
      reportedAt: status === 'REPORTED' ? now - 3 * DAY : null,
      acceptedAt: null,
      overdue,
      late: false,
      escalationLevel: status === 'DELIVERED' ? 2 : overdue ? 1 : 0,
      forwardedDirectiveId: children.length ? directiveOf.get(unit.code)! : null,
      lastSeq: 3,
      updatedAt: now,
    });
    if (overdue) {
      const levels = status === 'DELIVERED' ? [1, 2] : [1];
      for (const level of levels) {
        escalations.push({
          id: `${id}#L${level}`,
          assignmentId: id,
          directiveId,
          unitCode: unit.code,
          unitName: unit.name,
          level: level as 1 | 2,
          reason: status === 'DELIVERED' ? 'NOT_ACKNOWLEDGED' : 'OVERDUE',
          targetUnit: level === 1 ? unit.parentCode : (units.byCode.get(unit.parentCode!)?.parentCode ?? null),
          firedAt: deadline + level * DAY,
          resolvedAt: null,
          lastSeq: 3,
        });
      }
    }
  }
  const insert = async <E extends object>(entity: new () => E, rows: Array<Partial<E>>) => {
    for (let i = 0; i < rows.length; i += 500) {
      await dataSource
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(rows.slice(i, i + 500) as never)
        .execute();
    }
  };
  await insert(DirectiveEntity, directives);
  await insert(AssignmentEntity, assignments);
  await insert(EscalationEntity, escalations);
  return { assignments: assignments.length, escalations: escalations.length, directives: directives.length };
}

export interface ReadTimes {
  escalationsP95: number;
  treeP95: number;
  inboxP95: number;
  treeNodes: number;
  escalationsTotal: number;
}

/** p95 over `runs` sequential requests of each read, after a few warm-ups. */
export async function measureReads(
  baseUrl: string,
  dataSource: DataSource,
  rootDirectiveId: string,
  province: string,
  county: string,
  runs: number,
): Promise<ReadTimes> {
  const tokens = new TokensRepository(dataSource);
  const supervisor = (await tokens.create({ unitCode: province, role: 'supervisor', name: 'bench S6' })).token;
  const clerk = (await tokens.create({ unitCode: province, role: 'clerk', name: 'bench S6' })).token;
  const countyClerk = (await tokens.create({ unitCode: county, role: 'clerk', name: 'bench S6' })).token;
  const api = createCascadeApi({ baseUrl });
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const time = async <T>(read: () => Promise<T>): Promise<{ ms: number; body: T }> => {
    const started = performance.now();
    const body = await read();
    return { ms: performance.now() - started, body };
  };
  const measure = async <T>(read: () => Promise<T>) => {
    for (let i = 0; i < 3; i++) await time(read);
    const times: number[] = [];
    let body: T | null = null;
    for (let i = 0; i < runs; i++) {
      const result = await time(read);
      times.push(result.ms);
      body = result.body;
    }
    return { p95: percentile(times, 95), body: body! };
  };
  const escalations = await measure(() =>
    ok(api.GET('/api/escalations', { headers: as(supervisor), params: { query: { under: province, open: true } } })),
  );
  const tree = await measure(() =>
    ok(
      api.GET('/api/directives/{id}/tree', {
        headers: as(clerk),
        params: { path: { id: `${rootDirectiveId}-${province}` } },
      }),
    ),
  );
  const inbox = await measure(() =>
    ok(api.GET('/api/units/{code}/inbox', { headers: as(countyClerk), params: { path: { code: county } } })),
  );
  return {
    escalationsP95: escalations.p95,
    treeP95: tree.p95,
    inboxP95: inbox.p95,
    treeNodes: countNodes(tree.body.nodes),
    escalationsTotal: escalations.body.total,
  };
}

function countNodes(nodes: unknown): number {
  if (!Array.isArray(nodes)) return 0;
  return nodes.reduce((sum: number, node: { children?: unknown }) => sum + 1 + countNodes(node.children), 0);
}
