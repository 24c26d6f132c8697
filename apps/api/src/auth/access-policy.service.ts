import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { workflowIds } from '@cascade/contracts';
import {
  AssignmentEntity,
  AssignmentsRepository,
  DirectiveEntity,
  DirectivesRepository,
  UnitEntity,
  UnitsRepository,
} from '@cascade/persistence';
import type { Caller } from './caller';
import {
  type AssignmentOperation,
  canIssueFor,
  canReadAssignment,
  canReadInbox,
  type CallerScope,
  directiveView,
  type EscalationScope,
  escalationScope,
  operationProblem,
  type TreeView,
} from './access-rules';

/** Forwarding depth is bounded by the hierarchy (≤ 5 levels); this only stops a corrupt cycle. */
const MAX_CHAIN = 16;

/**
 * Applies the access rules (access-rules.ts) to rows of the read model. Whatever the caller may
 * not see is a 404 with the same message as a missing row.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly assignments: AssignmentsRepository,
    private readonly directives: DirectivesRepository,
    private readonly units: UnitsRepository,
  ) {}

  /** The assignment and the ones it was forwarded from, nearest first. */
  private async chainFrom(first: AssignmentEntity | null): Promise<AssignmentEntity[]> {
    const chain: AssignmentEntity[] = [];
    for (let row = first; row && chain.length < MAX_CHAIN;) {
      chain.push(row);
      row = row.parentAssignmentId ? await this.assignments.findById(row.parentAssignmentId) : null;
    }
    return chain;
  }

  /**
   * Whether the caller may read `row`. The assignment alone decides most asks (a unit on its own
   * assignment, its issuer, an admin, a supervisor): the chain above it is read only when it does not.
   */
  private async mayRead(caller: CallerScope, row: AssignmentEntity): Promise<boolean> {
    return canReadAssignment(caller, [row]) || canReadAssignment(caller, await this.chainFrom(row));
  }

  async readableAssignment(caller: Caller, id: string): Promise<AssignmentEntity> {
    const row = await this.assignments.findById(id);
    if (!row || !(await this.mayRead(caller, row))) throw new NotFoundException(`承办任务 ${id} 不存在`);
    return row;
  }

  /** Whether a unit and role may read an assignment (the live stream asks it of changes below the viewer's unit). */
  async mayReadAssignment(scope: CallerScope, id: string): Promise<boolean> {
    const row = await this.assignments.findById(id);
    return row !== null && (await this.mayRead(scope, row));
  }

  async assignmentForOperation(caller: Caller, id: string, operation: AssignmentOperation): Promise<AssignmentEntity> {
    const row = await this.readableAssignment(caller, id);
    const problem = operationProblem(caller, row, operation);
    if (problem) throw new ForbiddenException(problem);
    return row;
  }

  async readableDirective(caller: Caller, id: string): Promise<{ directive: DirectiveEntity; view: TreeView }> {
    const directive = await this.directives.findById(id);
    const facts = directive ? await this.directiveFacts(caller, directive) : null;
    let view = directive && facts ? directiveView(caller, facts) : null;
    // Only when nothing else lets the caller in: is it the 上级来文 of something its unit received?
    if (directive && facts && !view)
      view = directiveView(caller, { ...facts, upstreamOfCaller: await this.isUpstreamOfCaller(caller, directive) });
    if (!directive || !view) throw new NotFoundException(`公文 ${id} 不存在`);
    return { directive, view };
  }

  /** Whether an assignment of the caller's unit was forwarded, at some depth, from this directive. */
  private async isUpstreamOfCaller(caller: Caller, directive: DirectiveEntity): Promise<boolean> {
    for (const held of await this.assignments.byUnitInRoot(caller.unitCode, directive.rootDirectiveId)) {
      if ((await this.chainFrom(held)).slice(1).some((link) => link.directiveId === directive.id)) return true;
    }
    return false;
  }

  private async directiveFacts(caller: Caller, directive: DirectiveEntity) {
    const parent = directive.parentAssignmentId ? await this.assignments.findById(directive.parentAssignmentId) : null;
    const isSupervisor = caller.role === 'supervisor';
    return {
      issuerUnit: directive.issuerUnit,
      issuerPath: isSupervisor ? ((await this.units.findByCode(directive.issuerUnit))?.path ?? null) : null,
      receivedByCaller:
        (await this.assignments.findById(workflowIds.assignment(directive.id, caller.unitCode))) !== null,
      touchesCallerSubtree: isSupervisor
        ? await this.assignments.directiveTouchesSubtree(directive.id, caller.unitPath)
        : false,
      ancestors: await this.chainFrom(parent),
    };
  }

  assertCanIssue(caller: Caller, issuerUnit: string): void {
    if (!canIssueFor(caller, issuerUnit)) throw new ForbiddenException(`无权以 ${issuerUnit} 的名义发文`);
  }

  /** Units are no secret (the registry is public to callers): an existing unit out of reach is 403 saying why. */
  async inboxUnit(caller: Caller, code: string): Promise<UnitEntity> {
    const unit = await this.units.findByCode(code);
    if (!unit) throw new NotFoundException(`单位 ${code} 不存在`);
    if (!canReadInbox(caller, unit))
      throw new ForbiddenException(
        caller.role === 'supervisor'
          ? `${unit.name}（${code}）不在本单位（${caller.unitCode}）的督查范围内`
          : `只能查看本单位（${caller.unitCode}）的收件箱，不能查看${unit.name}（${code}）的`,
      );
    return unit;
  }

  async escalationScope(caller: Caller, under: string | undefined): Promise<EscalationScope> {
    const unit = under === undefined ? null : await this.units.findByCode(under);
    if (under !== undefined && !unit) throw new NotFoundException(`单位 ${under} 不存在`);
    const scope = escalationScope(caller, unit);
    if (!scope)
      throw new ForbiddenException(`${unit?.name}（${under}）不在本单位（${caller.unitCode}）及其下级单位范围内`);
    return scope;
  }
}
