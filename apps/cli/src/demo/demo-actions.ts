import type { Client } from '@temporalio/client';
import {
  acknowledgeUpdate,
  type Actor,
  type DirectivePolicy,
  directiveStart,
  type ForwardInput,
  forwardUpdate,
  type Recipient,
  submitReportUpdate,
  workflowIds,
} from '@cascade/contracts';

export interface DemoIssue {
  directiveId: string;
  docNumber: string;
  title: string;
  issuerUnit: string;
  recipients: Recipient[];
  deadline: number;
  policy: DirectivePolicy;
}

/** What a scripted unit does: the same operations a clerk performs in the dashboard. */
export interface DemoActions {
  /** Issues a top-level directive; resolves to its id. */
  issue(directive: DemoIssue): Promise<string>;
  acknowledge(directiveId: string, unitCode: string): Promise<void>;
  forward(directiveId: string, unitCode: string, forward: ForwardInput & { directiveId: string }): Promise<void>;
  report(directiveId: string, unitCode: string, content: string): Promise<void>;
}

const clerkOf = (unitCode: string): Actor => ({ unitCode, role: 'clerk', name: 'cascade demo' });

/** Straight to Temporal (TEMPORAL_ADDRESS or the running `cascade start`): Updates as each unit's clerk. */
export class TemporalDemoActions implements DemoActions {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  async issue({ directiveId, ...directive }: DemoIssue): Promise<string> {
    await this.client.workflow.start('directiveWorkflow', directiveStart({ directiveId, ...directive }, this.taskQueue));
    return directiveId;
  }

  private handle(directiveId: string, unitCode: string) {
    return this.client.workflow.getHandle(workflowIds.assignment(directiveId, unitCode));
  }

  /** A just-delivered assignment may not have started yet: retry "not found" for a moment. */
  private async update(directiveId: string, unitCode: string, send: (handle: ReturnType<TemporalDemoActions['handle']>) => Promise<unknown>): Promise<void> {
    const giveUpAt = Date.now() + 15_000;
    for (;;) {
      try {
        await send(this.handle(directiveId, unitCode));
        return;
      } catch (error) {
        if ((error as Error).name !== 'WorkflowNotFoundError' || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  acknowledge(directiveId: string, unitCode: string): Promise<void> {
    return this.update(directiveId, unitCode, (h) => h.executeUpdate(acknowledgeUpdate, { args: [{ actor: clerkOf(unitCode) }] }));
  }

  forward(directiveId: string, unitCode: string, forward: ForwardInput & { directiveId: string }): Promise<void> {
    return this.update(directiveId, unitCode, (h) => h.executeUpdate(forwardUpdate, { args: [{ actor: clerkOf(unitCode), ...forward }] }));
  }

  report(directiveId: string, unitCode: string, content: string): Promise<void> {
    return this.update(directiveId, unitCode, (h) => h.executeUpdate(submitReportUpdate, { args: [{ actor: clerkOf(unitCode), content }] }));
  }
}

/** Through the HTTP API, as each unit's clerk with a bearer token (`tokenOf` issues them). */
export class HttpDemoActions implements DemoActions {
  constructor(
    private readonly base: string,
    private readonly tokenOf: (unitCode: string) => Promise<string>,
  ) {}

  /** An assignment delivered a moment ago may not be in the read model yet: a 404 is retried for a while. */
  private async post(unitCode: string, route: string, body: unknown): Promise<unknown> {
    const giveUpAt = Date.now() + 15_000;
    for (;;) {
      const response = await fetch(`${this.base}/api${route}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await this.tokenOf(unitCode)}` },
        body: JSON.stringify(body),
      });
      const payload: unknown = await response.json().catch(() => null);
      if (response.ok) return payload;
      if (response.status !== 404 || Date.now() > giveUpAt) {
        throw new Error(`POST ${route} → ${response.status} ${(payload as { message?: string } | null)?.message ?? ''}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }

  private static toDto(doc: { docNumber: string; title: string; recipients: Recipient[]; deadline: number; policy?: DirectivePolicy }) {
    return { docNumber: doc.docNumber, title: doc.title, recipients: doc.recipients.map((r) => r.unitCode), deadline: new Date(doc.deadline).toISOString(), policy: doc.policy };
  }

  async issue(directive: DemoIssue): Promise<string> {
    const created = (await this.post(directive.issuerUnit, '/directives', { ...HttpDemoActions.toDto(directive), issuerUnit: directive.issuerUnit })) as { id: string };
    return created.id;
  }

  private route(directiveId: string, unitCode: string, operation: string): string {
    return `/assignments/${encodeURIComponent(workflowIds.assignment(directiveId, unitCode))}/${operation}`;
  }

  async acknowledge(directiveId: string, unitCode: string): Promise<void> {
    await this.post(unitCode, this.route(directiveId, unitCode, 'acknowledge'), {});
  }

  async forward(directiveId: string, unitCode: string, forward: ForwardInput & { directiveId: string }): Promise<void> {
    await this.post(unitCode, this.route(directiveId, unitCode, 'forward'), { ...HttpDemoActions.toDto(forward), directiveId: forward.directiveId });
  }

  async report(directiveId: string, unitCode: string, content: string): Promise<void> {
    await this.post(unitCode, this.route(directiveId, unitCode, 'report'), { content });
  }
}
