import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import {
  acceptUpdate,
  acknowledgeUpdate,
  type Actor,
  type AssignmentState,
  assignmentStateQuery,
  directiveStart,
  directiveStateQuery,
  type DirectiveDocuments,
  type DirectiveWorkflowInput,
  type FileRef,
  type ForwardInput,
  forwardUpdate,
  submitReportUpdate,
  workflowIds,
} from '@cascade/contracts';
import type { WorkCalendar } from '@cascade/domain';
import {
  CITY_PROGRESS,
  DEMO_DIRECTIVES,
  DEMO_DOCUMENTS,
  DEMO_FORM,
  DEMO_UNITS,
  demoFigures,
  demoDeadlines,
  type DemoProgress,
  PROVINCE_PROGRESS,
  REPORTS_WITH_FILES,
  reportContent,
  URGENT_DEADLINE_MS,
  URGENT_POLICY,
} from './demo-scenario';
import { type DemoFiles, storeReportFile, storeSeedNotices } from './demo-documents';

/** Written once the seeding has run to its end; a later start then only checks that the seed directive exists. */
export const DEMO_SEED_MARKER = 'demo-seed.json';

export type DemoSeedOutcome = 'seeded' | 'resumed' | 'present';

const clerkOf = (unitCode: string): Actor => ({ unitCode, role: 'clerk', name: '演示数据' });
const STEPS: DemoProgress[] = ['delivered', 'acknowledged', 'reported', 'accepted'];
const reached = (progress: DemoProgress, step: DemoProgress) => STEPS.indexOf(progress) >= STEPS.indexOf(step);

/**
 * Seeds the demo cascade through the real workflows — the directive is started and every
 * 签收/转发/报送/办结 is an Update sent as the unit's clerk, exactly what the API does — never by
 * writing the read model. Every step first asks the workflow where it stands, so running the
 * seeder again (or after an interrupted first run) changes nothing that is already done.
 */
export class DemoSeeder {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly calendar: WorkCalendar,
    private readonly log: (line: string) => void = () => undefined,
    /** Where the seed notices' PDFs and some counties' report files go; without it the seed has no files. */
    private readonly files: DemoFiles | null = null,
  ) {}

  /** `seeded` on the first run, `resumed` when it finished an interrupted one, `present` when there was nothing to do. */
  async seed(dataDir: string | null, now = Date.now()): Promise<DemoSeedOutcome> {
    const marker = dataDir ? path.join(dataDir, DEMO_SEED_MARKER) : null;
    const existing = await this.seededAt();
    if (marker && fs.existsSync(marker)) {
      // Never seed twice into one data dir, even when Temporal no longer has the seed directive
      // (its data was reset, or the directive closed and passed the namespace's retention).
      if (existing === null)
        this.log(`${marker} says the demo was seeded, but its directive is gone from Temporal: nothing re-issued`);
      return 'present';
    }

    const seededAt = existing ?? now;
    const deadlines = demoDeadlines(seededAt, this.calendar);
    const { ministry, province, city, urgent } = DEMO_DOCUMENTS;
    // 正文 as PDFs; each forward attaches the notice above it by itself (附件：…的通知).
    const pdfs = this.files
      ? await storeSeedNotices(this.files, {
          ministry: DEMO_UNITS.ministry,
          province: DEMO_UNITS.province,
          city: DEMO_UNITS.city,
        })
      : null;
    const bodyOf = (file: FileRef | undefined): { documents?: DirectiveDocuments } =>
      file ? { documents: { bodyFile: file, attachments: [] } } : {};

    await this.start({
      directiveId: DEMO_DIRECTIVES.ministry,
      ...ministry,
      recipients: [...ministry.recipients],
      deadline: deadlines.ministry,
      form: DEMO_FORM,
      ...bodyOf(pdfs?.ministry),
    });
    await this.step(DEMO_DIRECTIVES.ministry, DEMO_UNITS.province, 'acknowledged');
    await this.forward(DEMO_DIRECTIVES.ministry, DEMO_UNITS.province, {
      directiveId: DEMO_DIRECTIVES.province,
      ...province,
      recipients: [...province.recipients],
      deadline: deadlines.province,
      ...bodyOf(pdfs?.province),
    });
    await this.step(DEMO_DIRECTIVES.province, DEMO_UNITS.city, 'acknowledged');
    await this.forward(DEMO_DIRECTIVES.province, DEMO_UNITS.city, {
      directiveId: DEMO_DIRECTIVES.city,
      ...city,
      recipients: [...city.recipients],
      deadline: deadlines.city,
      ...bodyOf(pdfs?.city),
    });
    await Promise.all(
      Object.entries(PROVINCE_PROGRESS).map(([unit, progress]) =>
        this.step(DEMO_DIRECTIVES.province, unit, progress, DEMO_UNITS.province),
      ),
    );
    await Promise.all(
      Object.entries(CITY_PROGRESS).map(([unit, progress]) =>
        this.step(DEMO_DIRECTIVES.city, unit, progress, DEMO_UNITS.city),
      ),
    );

    // Issued last, so its deadline passes about a minute after the seeding, not during it.
    await this.start({
      directiveId: DEMO_DIRECTIVES.urgent,
      ...urgent,
      recipients: [...urgent.recipients],
      deadline: Date.now() + URGENT_DEADLINE_MS,
      policy: URGENT_POLICY,
    });
    await this.step(DEMO_DIRECTIVES.urgent, DEMO_UNITS.lateCounty, 'acknowledged');

    if (marker) {
      fs.mkdirSync(path.dirname(marker), { recursive: true });
      fs.writeFileSync(
        marker,
        `${JSON.stringify({ seededAt: new Date(seededAt).toISOString(), directives: DEMO_DIRECTIVES }, null, 2)}\n`,
      );
    }
    return existing === null ? 'seeded' : 'resumed';
  }

  /** When the seed directive was issued, or null when it does not exist. */
  async seededAt(): Promise<number | null> {
    try {
      const state = await this.client.workflow
        .getHandle(workflowIds.directive(DEMO_DIRECTIVES.ministry))
        .query(directiveStateQuery);
      return state.issuedAt;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    }
  }

  private async start(input: DirectiveWorkflowInput): Promise<void> {
    try {
      await this.client.workflow.start('directiveWorkflow', {
        ...directiveStart(input, this.taskQueue),
        // A seed directive that has already run to its end is not issued again.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      this.log(`issued ${input.docNumber} to ${input.recipients.length} unit(s)`);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  private handle(directiveId: string, unitCode: string) {
    return this.client.workflow.getHandle(workflowIds.assignment(directiveId, unitCode));
  }

  /**
   * The assignment's state; null when its workflow is gone (办结 long ago and past the
   * namespace's retention). A directive delivers asynchronously, so wait for a moment first.
   */
  private async state(directiveId: string, unitCode: string): Promise<AssignmentState | null> {
    const giveUpAt = Date.now() + 15_000;
    for (;;) {
      try {
        return await this.handle(directiveId, unitCode).query(assignmentStateQuery);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        if (Date.now() > giveUpAt) return null;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Brings one assignment up to `progress`, as its unit's clerk (and the issuer's for 办结). */
  private async step(
    directiveId: string,
    unitCode: string,
    progress: DemoProgress,
    issuerUnit?: string,
  ): Promise<void> {
    let state = await this.state(directiveId, unitCode);
    if (!state) return;
    const handle = this.handle(directiveId, unitCode);
    const actor = clerkOf(unitCode);
    if (reached(progress, 'acknowledged') && state.status === 'DELIVERED') {
      state = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor }] });
    }
    if (reached(progress, 'reported') && (state.status === 'ACKNOWLEDGED' || state.status === 'FORWARDED')) {
      const content = reportContent(state.unitName);
      const files =
        this.files && REPORTS_WITH_FILES.includes(unitCode)
          ? [await storeReportFile(this.files, unitCode, state.unitName, content)]
          : undefined;
      state = await handle.executeUpdate(submitReportUpdate, {
        args: [{ actor, content, values: demoFigures(unitCode, state.unitName), ...(files ? { files } : {}) }],
      });
    }
    if (reached(progress, 'accepted') && issuerUnit && state.status === 'REPORTED') {
      await handle.executeUpdate(acceptUpdate, { args: [{ actor: clerkOf(issuerUnit) }] });
    }
  }

  private async forward(directiveId: string, unitCode: string, forward: ForwardInput): Promise<void> {
    const state = await this.state(directiveId, unitCode);
    if (!state || state.forward) return;
    await this.handle(directiveId, unitCode).executeUpdate(forwardUpdate, {
      args: [{ actor: clerkOf(unitCode), ...forward }],
    });
    this.log(`${state.unitName} forwarded ${forward.docNumber} to ${forward.recipients.length} unit(s)`);
  }
}
