// S7 helper, run as a child process by national.bench.ts so the worker's memory is measured alone:
//   node -r ./bin/register-dist-paths.js dist/bench/memory-probe.js <address> <cascade|baseline> <bundle.js> <count>
// Starts a worker with a cache large enough for `count` workflows, starts `count` idle assignment
// workflows (activities stubbed: memory of the cached workflows is what is measured), and prints
// one JSON line with the resident-set growth per cached workflow.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { type AssignmentWorkflowInput, DEFAULT_POLICY } from '@cascade/contracts';
import { installTemporalRuntime } from '@cascade/temporal';
import { sleep } from './support/stats';

async function main(): Promise<void> {
  const [address, kind, bundlePath, countText] = process.argv.slice(2);
  const count = Number(countText);
  installTemporalRuntime('ERROR');
  const taskQueue = `bench-s7-${kind}-${process.pid}`;
  const native = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    maxCachedWorkflows: count + 100,
    activities: {
      recordEvents: async () => undefined,
      planSchedule: async () => ({ deadline: 0, ackDueAt: 0, reminders: [], ladder: [] }),
      reviewForward: async () => ({ rejection: null, warnings: [], recipients: [] }),
      sink: async () => undefined,
    },
  });
  const running = worker.run();
  const client = new Client({ connection: await Connection.connect({ address }) });
  const far = Date.now() + 365 * 86_400_000;
  const start = async (index: number) => {
    const unitCode = String(100000 + index);
    if (kind === 'baseline') {
      await client.workflow.start('baseAssignmentWorkflow', {
        taskQueue,
        workflowId: `s7-${taskQueue}-${index}`,
        args: [{ directiveId: 's7', rootDirectiveId: 's7', unitCode, parentWorkflowId: 's7-none', escalateAt: far }],
      });
      return;
    }
    const input: AssignmentWorkflowInput = {
      directive: {
        id: 's7',
        rootDirectiveId: 's7',
        docNumber: '民函〔2026〕7号',
        title: '关于开展基准测试的通知',
        issuerUnit: '000000',
      },
      unit: { unitCode, unitName: `测试单位${index}` },
      parentWorkflowId: 's7-none',
      parentAssignmentId: null,
      deliveredAt: Date.now(),
      schedule: {
        deadline: far,
        ackDueAt: far,
        reminders: [{ key: 'remind:3wd', at: far - 3 * 86_400_000 }],
        ladder: [
          { key: 'ladder:1', at: far },
          { key: 'ladder:2', at: far + 1 },
          { key: 'ladder:3', at: far + 2 },
        ],
      },
      policy: { ...DEFAULT_POLICY, remindBefore: ['3wd'] },
    };
    await client.workflow.start('assignmentWorkflow', {
      taskQueue,
      workflowId: `assignment:s7-${taskQueue}:${unitCode}`,
      args: [input],
    });
  };
  const startMany = async (from: number, to: number) => {
    for (let i = from; i < to; i += 50)
      await Promise.all(Array.from({ length: Math.min(50, to - i) }, (_, k) => start(i + k)));
  };
  const cached = () => worker.getStatus().numCachedWorkflows;
  const settle = async (target: number) => {
    const deadline = Date.now() + 300_000;
    while (cached() < target && Date.now() < deadline) await sleep(200);
    await sleep(3000);
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(500);
  };
  const warm = 50;
  await startMany(0, warm);
  await settle(warm);
  const before = process.memoryUsage();
  await startMany(warm, warm + count);
  await settle(warm + count);
  const after = process.memoryUsage();
  const cachedNow = cached() - warm;
  console.log(
    JSON.stringify({
      kind,
      cached: cachedNow,
      rssBefore: before.rss,
      rssAfter: after.rss,
      bytesPerWorkflow: (after.rss - before.rss) / Math.max(1, cachedNow),
      heapBytesPerWorkflow: (after.heapUsed - before.heapUsed) / Math.max(1, cachedNow),
    }),
  );
  for (let i = 0; i < warm + count; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, warm + count - i) }, (_, k) => {
        const index = i + k;
        const id = kind === 'baseline' ? `s7-${taskQueue}-${index}` : `assignment:s7-${taskQueue}:${100000 + index}`;
        return client.workflow
          .getHandle(id)
          .terminate('benchmark finished')
          .catch(() => undefined);
      }),
    );
  }
  worker.shutdown();
  await running;
  await native.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
