import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startDevServer, type RunningDevServer } from '@cascade/temporal';
import { engineCheckWorkflow } from '../../workflows';
import { createTestWorker, uniqueTaskQueue } from '../support/workers';

describe('Temporal CLI dev server started by Cascade', () => {
  let dataDir: string;
  let server: RunningDevServer | null = null;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cascade-dev-server-'));
  });

  afterEach(async () => {
    await server?.stop();
    server = null;
  });

  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function withClient<T>(address: string, use: (client: Client) => Promise<T>): Promise<T> {
    const connection = await Connection.connect({ address });
    try {
      return await use(new Client({ connection }));
    } finally {
      await connection.close();
    }
  }

  it('runs a workflow round trip and keeps it in temporal.db across a restart', async () => {
    server = await startDevServer({ dataDir, uiPort: null, port: null });
    const taskQueue = uniqueTaskQueue('dev');
    const workflowId = `engine-check:dev:${Date.now()}`;

    const nativeConnection = await NativeConnection.connect({ address: server.address });
    const worker = await createTestWorker(nativeConnection, taskQueue);
    const result = await worker.runUntil(
      withClient(server.address, (client) =>
        client.workflow.execute(engineCheckWorkflow, {
          workflowId,
          taskQueue,
          args: [{ childSleepMs: 1500, token: 'dev-round-trip' }],
        }),
      ),
    );
    await nativeConnection.close();

    expect(result.token).toBe('dev-round-trip');
    expect(result.sleptMs).toBeGreaterThanOrEqual(1500);
    expect(fs.existsSync(path.join(dataDir, 'temporal.db'))).toBe(true);

    await server.stop();
    server = await startDevServer({ dataDir, uiPort: null, port: null });
    const described = await withClient(server.address, (client) => client.workflow.getHandle(workflowId).describe());
    expect(described.status.name).toBe('COMPLETED');
  });

  it('fails with a clear message when its executable is not runnable', async () => {
    const previous = process.env.TEMPORAL_CLI_PATH;
    process.env.TEMPORAL_CLI_PATH = path.join(dataDir, 'no-such-temporal');
    try {
      await expect(startDevServer({ dataDir, uiPort: null })).rejects.toThrow(/TEMPORAL_CLI_PATH=.*not an executable/);
    } finally {
      if (previous === undefined) delete process.env.TEMPORAL_CLI_PATH;
      else process.env.TEMPORAL_CLI_PATH = previous;
    }
  });
});
