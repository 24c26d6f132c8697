import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { History } = temporal.api.history.v1;

/** Recorded histories the replay test checks every workflow change against (docs/workflow-versioning.md). */
export const HISTORIES_DIR = path.resolve(__dirname, '../../workflows/test/histories');

/** Whether this run should (re)write the recorded histories: `RECORD_HISTORIES=1 npx jest workflows/test/baseline-histories`. */
export const recordingHistories = process.env.RECORD_HISTORIES === '1';

/** Writes the histories of these workflows as `<name>.json` (one line each), for the replay test. */
export async function saveHistories(client: Client, workflows: Record<string, string>): Promise<void> {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [name, workflowId] of Object.entries(workflows)) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    // protobufjs' own object form: portable, and independent of proto3-JSON helpers that break
    // under Jest's module registry. One line: the files are compared by replay, not read by people.
    const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(json)}\n`);
  }
}

/** Reads a history written by {@link saveHistories}. */
export function loadHistory(file: string): temporal.api.history.v1.IHistory {
  return History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
}
