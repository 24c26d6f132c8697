import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundlerOptions } from '@cascade/temporal';
import { HISTORIES_DIR, loadHistory } from '../../test/support/histories';

const { EventType } = temporal.api.enums.v1;

const files = fs.existsSync(HISTORIES_DIR)
  ? fs
      .readdirSync(HISTORIES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
const histories = files.map((file) => loadHistory(path.join(HISTORIES_DIR, file)));

/** Every Update and signal the cascade workflows handle, and what else a run may do: the histories must show each. */
const HANDLERS = [
  'update:acknowledge',
  'update:forward',
  'update:submitReport',
  'update:accept',
  'update:returnReport',
  'update:requestExtension',
  'update:decideExtension',
  'update:urge',
  'update:acknowledgeAmendment',
  'update:reschedule',
  'update:withdrawForward',
  'update:amendForward',
  'update:withdrawDirective',
  'update:amendDirective',
  'signal:childChanged',
  'signal:withdraw',
  'signal:amend',
  'timer fired',
  'continued as new',
  'started with carried state',
];

function handlersIn(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((event) => {
    if (event.workflowExecutionUpdateAcceptedEventAttributes)
      return [`update:${event.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input?.name}`];
    if (event.workflowExecutionSignaledEventAttributes)
      return [`signal:${event.workflowExecutionSignaledEventAttributes.signalName}`];
    if (event.eventType === EventType.EVENT_TYPE_TIMER_FIRED) return ['timer fired'];
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) return ['continued as new'];
    if (event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId) return ['started with carried state'];
    return [];
  });
}

describe('replay of the recorded baseline histories against the current workflow code', () => {
  it('has histories that together run every handler, a timer and a continue-as-new', () => {
    const seen = new Set(histories.flatMap(({ history }) => handlersIn(history)));
    expect(HANDLERS.filter((handler) => !seen.has(handler))).toEqual([]);
  });

  it('replays every recorded history without non-determinism', async () => {
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(workflowBundlerOptions(), histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
