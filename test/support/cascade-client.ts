import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import {
  acceptUpdate,
  acknowledgeAmendmentUpdate,
  acknowledgeUpdate,
  type Actor,
  amendDirectiveUpdate,
  type AmendmentChanges,
  type AssignmentState,
  assignmentStateQuery,
  decideExtensionUpdate,
  directiveStart,
  type DirectiveWorkflowInput,
  type ForwardInput,
  forwardUpdate,
  type ReportInput,
  requestExtensionUpdate,
  returnReportUpdate,
  submitReportUpdate,
  urgeUpdate,
  withdrawDirectiveUpdate,
  workflowIds,
} from '@cascade/contracts';
import { projected } from './projection-wait';

export const clerkOf = (unitCode: string): Actor => ({ unitCode, role: 'clerk' });

/** Drives assignments the way the API does: Updates by business ID, as a unit's clerk. */
export class CascadeClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  startDirective(input: DirectiveWorkflowInput) {
    return this.client.workflow.start('directiveWorkflow', directiveStart(input, this.taskQueue));
  }

  /** The assignment's workflow; an Update's answer is returned once the read model shows it. */
  private handle(directiveId: string, unitCode: string) {
    const handle = this.client.workflow.getHandle(workflowIds.assignment(directiveId, unitCode));
    return {
      query: handle.query.bind(handle),
      executeUpdate: async <Args extends [unknown, ...unknown[]]>(
        update: UpdateDefinition<AssignmentState, Args>,
        options: { args: Args },
      ): Promise<AssignmentState> => {
        const state = await handle.executeUpdate(update, options);
        await projected(this.client, state);
        return state;
      },
    };
  }

  state(directiveId: string, unitCode: string): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).query(assignmentStateQuery);
  }

  acknowledge(directiveId: string, unitCode: string, actor = clerkOf(unitCode)): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(acknowledgeUpdate, { args: [{ actor }] });
  }

  forward(
    directiveId: string,
    unitCode: string,
    forward: ForwardInput,
    actor = clerkOf(unitCode),
  ): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(forwardUpdate, { args: [{ actor, ...forward }] });
  }

  report(
    directiveId: string,
    unitCode: string,
    report: ReportInput,
    actor = clerkOf(unitCode),
  ): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(submitReportUpdate, { args: [{ actor, ...report }] });
  }

  accept(directiveId: string, unitCode: string, issuerUnit: string): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(acceptUpdate, { args: [{ actor: clerkOf(issuerUnit) }] });
  }

  returnReport(
    directiveId: string,
    unitCode: string,
    issuerUnit: string,
    reason: string,
    newDeadline?: number,
  ): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(returnReportUpdate, {
      args: [{ actor: clerkOf(issuerUnit), reason, newDeadline }],
    });
  }

  requestExtension(
    directiveId: string,
    unitCode: string,
    newDeadline: number,
    reason: string,
  ): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(requestExtensionUpdate, {
      args: [{ actor: clerkOf(unitCode), newDeadline, reason }],
    });
  }

  decideExtension(
    directiveId: string,
    unitCode: string,
    actor: Actor,
    requestId: string,
    approve: boolean,
  ): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(decideExtensionUpdate, {
      args: [{ actor, requestId, approve }],
    });
  }

  urge(directiveId: string, unitCode: string, actor: Actor, note?: string): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(urgeUpdate, { args: [{ actor, note }] });
  }

  acknowledgeAmendment(directiveId: string, unitCode: string, version: number): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(acknowledgeAmendmentUpdate, {
      args: [{ actor: clerkOf(unitCode), version }],
    });
  }

  withdrawDirective(directiveId: string, issuerUnit: string, reason: string, units?: string[]) {
    return this.client.workflow
      .getHandle(workflowIds.directive(directiveId))
      .executeUpdate(withdrawDirectiveUpdate, { args: [{ actor: clerkOf(issuerUnit), reason, units }] });
  }

  amendDirective(directiveId: string, issuerUnit: string, changes: AmendmentChanges, note: string) {
    return this.client.workflow
      .getHandle(workflowIds.directive(directiveId))
      .executeUpdate(amendDirectiveUpdate, { args: [{ actor: clerkOf(issuerUnit), changes, note }] });
  }
}
