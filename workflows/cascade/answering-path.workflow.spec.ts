import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createTimeSkippingEnvironment } from '@cascade/temporal';
import { loadConfiguredCalendar } from '@cascade/calendar';
import {
  acceptUpdate,
  acknowledgeUpdate,
  type CascadeEvent,
  type ParentNotice,
  recordedSeqQuery,
  submitReportUpdate,
  workflowIds,
} from '@cascade/contracts';
import { type CascadeHarness, createCascadeHarness, eventually } from '../../test/support/cascade-harness';
import { CascadeClient, clerkOf } from '../../test/support/cascade-client';
import { databaseKinds } from '../../test/support/databases';
import { provinceRecipients, SEED } from '../../test/support/seed-scenario';

const calendar = loadConfiguredCalendar();

describe.each(databaseKinds())('operations answered before they are projected (read model on %s)', (kind) => {
  let env: TestWorkflowEnvironment;
  let harness: CascadeHarness;
  let worker: Worker;
  let running: Promise<void>;
  /** The real projection, held back while `hold` is set: the read model lags behind the workflow. */
  let hold: Promise<void> | null = null;
  const calls: CascadeEvent[][] = [];
  const directiveId = `answering-${kind}`;
  const unit = provinceRecipients[0].unitCode;
  const assignmentId = workflowIds.assignment(directiveId, unit);
  const statusInReadModel = async () =>
    (await harness.dataSource.query('SELECT status FROM assignments WHERE id = ?', [assignmentId]))[0]?.status;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
    harness = await createCascadeHarness(env, kind);
    worker = await harness.createWorker({
      activities: {
        ...harness.activities,
        recordEvents: async (events: CascadeEvent[], notice?: ParentNotice) => {
          if (events.some((e) => e.assignmentId === assignmentId)) calls.push(events);
          await hold;
          return harness.activities.recordEvents(events, notice);
        },
      },
    });
    running = worker.run();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await harness?.close();
    await env?.teardown();
  });

  it('answers from the workflow, records the backlog in order in one call, and closes only once it is recorded', async () => {
    const deadline = calendar.addWorkingDays(new Date(await env.currentTimeMs()), 10).getTime();
    await new CascadeClient(env.client, harness.taskQueue).startDirective({
      directiveId,
      docNumber: SEED.province.docNumber,
      title: SEED.province.title,
      issuerUnit: '140000',
      recipients: provinceRecipients.slice(0, 1),
      deadline,
    });
    await eventually(statusInReadModel, (status) => status === 'DELIVERED');

    calls.length = 0;
    let release = () => undefined as void;
    hold = new Promise((resolve) => (release = resolve));
    const handle = env.client.workflow.getHandle(assignmentId);
    const acknowledged = await handle.executeUpdate(acknowledgeUpdate, { args: [{ actor: clerkOf(unit) }] });
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', seq: 2 });
    const reported = await handle.executeUpdate(submitReportUpdate, {
      args: [{ actor: clerkOf(unit), content: '已学习' }],
    });
    const accepted = await handle.executeUpdate(acceptUpdate, { args: [{ actor: clerkOf('140000') }] });
    expect([reported.status, accepted.status]).toEqual(['REPORTED', 'ACCEPTED']);

    // Answered, not projected: the workflow holds the events and stays open for them.
    expect(await statusInReadModel()).toBe('DELIVERED');
    expect(await handle.query(recordedSeqQuery)).toBe(1);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    release();
    await handle.result();
    expect(await statusInReadModel()).toBe('ACCEPTED');
    const seqs = calls.map((events) => events.filter((e) => e.assignmentId === assignmentId).map((e) => e.seq));
    expect(seqs).toEqual([[2], Array.from({ length: accepted.seq! - 2 }, (_, i) => i + 3)]);
    const recorded = await harness.dataSource.query('SELECT id FROM events WHERE assignment_id = ? ORDER BY seq', [
      assignmentId,
    ]);
    expect(recorded.map((e: { id: string }) => e.id)).toEqual(
      Array.from({ length: accepted.seq! }, (_, i) => `${assignmentId}#${i + 1}`),
    );
  });
});
