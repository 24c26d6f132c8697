import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Recorded histories the replay test checks every workflow change against (DESIGN.md, Temporal rule 8). */
export const HISTORIES_DIR = path.resolve(__dirname, '../../workflows/test/histories');

/** Whether this run should (re)write the recorded histories: `RECORD_HISTORIES=1 npm test -- <spec>`. */
export const recordingHistories = process.env.RECORD_HISTORIES === '1';

/** Writes the histories of these workflows as `<name>.json`, for the replay test. */
export async function saveHistories(client: Client, workflows: Record<string, string>): Promise<void> {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [name, workflowId] of Object.entries(workflows)) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
  }
}
