import type { Client } from '@temporalio/client';
import {
  acceptUpdate,
  acknowledgeUpdate,
  type Actor,
  type AssignmentState,
  assignmentStateQuery,
  type DirectiveWorkflowInput,
  type ForwardInput,
  forwardUpdate,
  type ReportInput,
  submitReportUpdate,
  workflowIds,
} from '@cascade/contracts';

export const clerkOf = (unitCode: string): Actor => ({ unitCode, role: 'clerk' });

/** Drives assignments the way the API does: Updates by business ID, as a unit's clerk. */
export class CascadeClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  startDirective(input: DirectiveWorkflowInput) {
    return this.client.workflow.start('directiveWorkflow', { workflowId: workflowIds.directive(input.directiveId), taskQueue: this.taskQueue, args: [input] });
  }

  private handle(directiveId: string, unitCode: string) {
    return this.client.workflow.getHandle(workflowIds.assignment(directiveId, unitCode));
  }

  state(directiveId: string, unitCode: string): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).query(assignmentStateQuery);
  }

  acknowledge(directiveId: string, unitCode: string, actor = clerkOf(unitCode)): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(acknowledgeUpdate, { args: [{ actor }] });
  }

  forward(directiveId: string, unitCode: string, forward: ForwardInput, actor = clerkOf(unitCode)): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(forwardUpdate, { args: [{ actor, ...forward }] });
  }

  report(directiveId: string, unitCode: string, report: ReportInput, actor = clerkOf(unitCode)): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(submitReportUpdate, { args: [{ actor, ...report }] });
  }

  accept(directiveId: string, unitCode: string, issuerUnit: string): Promise<AssignmentState> {
    return this.handle(directiveId, unitCode).executeUpdate(acceptUpdate, { args: [{ actor: clerkOf(issuerUnit) }] });
  }
}
