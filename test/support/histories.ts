import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { WORKFLOW_GENERATION } from '@cascade/contracts';

const { History } = temporal.api.history.v1;

/** Recorded histories the replay test checks every workflow change against (DESIGN.md, Temporal rule 8). */
export const HISTORIES_DIR = path.resolve(__dirname, '../../workflows/test/histories');

/** Whether this run should (re)write the recorded histories: `RECORD_HISTORIES=1 npm test -- <spec>`. */
export const recordingHistories = process.env.RECORD_HISTORIES === '1';

/**
 * The generation of the workflow code a recording captures (libs/contracts WORKFLOW_GENERATION):
 * histories of earlier generations stay in place (their patches must keep replaying).
 * Generation 1 (no suffix): before the `parent-records-delivery`, `forward-recorded-once` and
 * `steady-step-timer` patches; generation 2: before `local-forward-review`; generation 3: before
 * `parent-told-by-projection`; generation 4: before starts carried their generation, so every new
 * workflow wrote a patch marker (and a search attribute) per patch; generation 5: none. (A `local-projection` patch lived
 * for an hour on main and was removed before any release: see workflows/cascade/activities.ts.)
 */
export const HISTORY_GENERATION = WORKFLOW_GENERATION;

/** Writes the histories of these workflows as `<name>.g<generation>.json`, for the replay test. */
export async function saveHistories(client: Client, workflows: Record<string, string>): Promise<void> {
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const [base, workflowId] of Object.entries(workflows)) {
    const name = `${base}.g${HISTORY_GENERATION}`;
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    // protobufjs' own object form: portable, and independent of proto3-JSON helpers that break
    // under Jest's module registry.
    const json = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
    fs.writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${JSON.stringify(json, null, 1)}\n`);
  }
}

/** Reads a history written by {@link saveHistories}. */
export function loadHistory(file: string): temporal.api.history.v1.IHistory {
  return History.fromObject(JSON.parse(fs.readFileSync(file, 'utf8')));
}
