import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const { History } = temporal.api.history.v1;

/** Recorded histories the replay test checks every workflow change against (docs/workflow-versioning.md). */
export const HISTORIES_DIR = path.resolve(__dirname, '../../workflows/test/histories');

/** Whether this run should (re)write the recorded histories: `RECORD_HISTORIES=1 npx jest workflows/test/baseline-histories`. */
export const recordingHistories = process.env.RECORD_HISTORIES === '1';

/**
 * Writes the histories of these workflows (`name` → workflow id) as `<name>.json`, one line each,
 * for the replay test: the latest run, or the run `runIds` names for the workflow id. The file
 * keeps the workflow id: a workflow may derive ids from it, and replay must give it the same one.
 */
export async function saveHistories(
  client: Client,
  workflows: Record<string, string>,
  runIds: Record<string, string> = {},
): Promise<void> {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [name, workflowId] of Object.entries(workflows)) {
    const history = await client.workflow.getHandle(workflowId, runIds[workflowId]).fetchHistory();
    // protobufjs' own object form: portable, and independent of proto3-JSON helpers that break
    // under Jest's module registry. One line: the files are compared by replay, not read by people.
    const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify({ workflowId, history: json })}\n`);
  }
}

/** A history written by {@link saveHistories}, with the id of the workflow it belongs to. */
export interface RecordedHistory {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
}

export function loadHistory(file: string): RecordedHistory {
  const { workflowId, history } = JSON.parse(fs.readFileSync(file, 'utf8')) as { workflowId: string; history: object };
  return { workflowId, history: History.fromObject(history) };
}
