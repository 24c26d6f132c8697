import { ApiError, type CascadeApi, createCascadeApi, ok } from '@cascade/api-client';
import { type DirectivePolicy, type ForwardInput, type Recipient, workflowIds } from '@cascade/contracts';

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
  /** 报送, with a file (报送材料) uploaded first when given. */
  report(directiveId: string, unitCode: string, content: string, file?: DemoFile): Promise<void>;
}

/** A small file a scripted unit sends with its report. */
export interface DemoFile {
  name: string;
  content: Buffer;
  mediaType: string;
}

const RETRY_NOT_FOUND_MS = 15_000;

/** Through the HTTP API, as each unit's clerk with a bearer token (`tokenOf` issues them). */
export class HttpDemoActions implements DemoActions {
  private readonly api: CascadeApi;

  constructor(
    private readonly base: string,
    private readonly tokenOf: (unitCode: string) => Promise<string>,
  ) {
    this.api = createCascadeApi({ baseUrl: base });
  }

  private async as(unitCode: string): Promise<{ Authorization: string }> {
    return { Authorization: `Bearer ${await this.tokenOf(unitCode)}` };
  }

  /** An assignment delivered a moment ago may not be in the read model yet: a 404 is retried for a while. */
  private async retryNotFound<T>(call: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + RETRY_NOT_FOUND_MS;
    for (;;) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 404 || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }

  private static toDto(doc: {
    docNumber: string;
    title: string;
    recipients: Recipient[];
    deadline: number;
    policy?: DirectivePolicy;
  }) {
    return {
      docNumber: doc.docNumber,
      title: doc.title,
      recipients: doc.recipients.map((r) => r.unitCode),
      deadline: new Date(doc.deadline).toISOString(),
      policy: doc.policy,
    };
  }

  async issue(directive: DemoIssue): Promise<string> {
    const headers = await this.as(directive.issuerUnit);
    const created = await ok(
      this.api.POST('/api/directives', {
        headers,
        body: { ...HttpDemoActions.toDto(directive), issuerUnit: directive.issuerUnit },
      }),
    );
    return created.id;
  }

  private path(directiveId: string, unitCode: string) {
    return { path: { id: workflowIds.assignment(directiveId, unitCode) } };
  }

  async acknowledge(directiveId: string, unitCode: string): Promise<void> {
    const headers = await this.as(unitCode);
    await this.retryNotFound(() =>
      ok(
        this.api.POST('/api/assignments/{id}/acknowledge', {
          headers,
          params: this.path(directiveId, unitCode),
          body: {},
        }),
      ),
    );
  }

  async forward(directiveId: string, unitCode: string, forward: ForwardInput & { directiveId: string }): Promise<void> {
    const headers = await this.as(unitCode);
    const body = { ...HttpDemoActions.toDto(forward), directiveId: forward.directiveId };
    await this.retryNotFound(() =>
      ok(this.api.POST('/api/assignments/{id}/forward', { headers, params: this.path(directiveId, unitCode), body })),
    );
  }

  async report(directiveId: string, unitCode: string, content: string, file?: DemoFile): Promise<void> {
    const headers = await this.as(unitCode);
    const fileIds = file ? [await this.upload(headers, file)] : undefined;
    await this.retryNotFound(() =>
      ok(
        this.api.POST('/api/assignments/{id}/report', {
          headers,
          params: this.path(directiveId, unitCode),
          body: { content, ...(fileIds ? { fileIds } : {}) },
        }),
      ),
    );
  }

  /** POST /api/files (multipart), as the unit: the id to report the file with. */
  private async upload(headers: { Authorization: string }, file: DemoFile): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.content)], { type: file.mediaType }), file.name);
    const response = await fetch(`${this.base}/api/files`, { method: 'POST', headers, body: form });
    const body = (await response.json().catch(() => null)) as { id?: string; message?: string } | null;
    if (!response.ok || !body?.id)
      throw new ApiError(response.status, body?.message ?? `上传 ${file.name} 失败（${response.status}）`);
    return body.id;
  }
}
