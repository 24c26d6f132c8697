import type { PlacedUnit } from '@cascade/domain/units';
import type { Driver } from './drivers';
import { type NationalUnits, forwardTargets } from './national-units';
import { percentile, pollUntil, runPool, sleep } from './stats';

const DAY = 86_400_000;

export interface S1Result {
  p95Ms: number;
  medianMs: number;
  runs: number;
}

/** S1: the ministry issues to 31 provinces, each acknowledges; time from issue to the last acknowledgement. */
export async function runS1(driver: Driver, units: NationalUnits, tag: string, runs: number): Promise<S1Result> {
  const provinces = units.children.get('000000') ?? [];
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const directiveId = `${tag}-s1-${driver.label}-${run}`;
    const started = Date.now();
    await driver.issue(directiveId, provinces, { deadline: started + 30 * DAY });
    await Promise.all(provinces.map((province) => driver.acknowledge(directiveId, province)));
    times.push(Date.now() - started);
  }
  return { p95Ms: percentile(times, 95), medianMs: percentile(times, 50), runs };
}

export interface Leaf {
  directiveId: string;
  unit: PlacedUnit;
}

export interface S2Result {
  rootDirectiveId: string;
  assignments: number;
  /** Every forward answered: every child workflow started. */
  startedSeconds: number;
  /** Every assignment in the read model (ours) or the sink (baseline). */
  deliveredSeconds: number;
  perSecond: number;
  complete: boolean;
  leaves: Leaf[];
}

/**
 * S2: the ministry issues to the provinces in scope; each unit forwards to its subordinates as soon
 * as its own assignment exists (level by level, pipelined, `concurrency` forwards in flight).
 */
export async function runS2(
  driver: Driver,
  units: NationalUnits,
  scope: PlacedUnit[],
  tag: string,
  concurrency: number,
  timeoutMs: number,
  progress: (line: string) => void,
): Promise<S2Result> {
  const scopeCodes = new Set(scope.map((unit) => unit.code));
  const top = scope.filter((unit) => unit.parentCode === '000000');
  const rootDirectiveId = `${tag}-s2-${driver.label}`;
  const deadline = Date.now() + 30 * DAY;
  const leaves: Leaf[] = [];
  const items: Leaf[] = top.map((unit) => ({ directiveId: rootDirectiveId, unit }));
  const started = Date.now();
  await driver.issue(rootDirectiveId, top, { deadline });
  let forwards = 0;
  const ticker = setInterval(() => {
    void driver
      .delivered(rootDirectiveId)
      .then((count) =>
        progress(
          `  ${driver.label}: ${forwards} forwards answered, ${count}/${scope.length} delivered after ${((Date.now() - started) / 1000).toFixed(0)} s`,
        ),
      );
  }, 15_000);
  try {
    await runPool(items, concurrency, async (item) => {
      const targets = forwardTargets(units, scopeCodes, item.unit.code);
      if (!targets.length) {
        leaves.push(item);
        return;
      }
      const forwardDirectiveId = `${rootDirectiveId}-${item.unit.code}`;
      await driver.forward(item.directiveId, item.unit, forwardDirectiveId, targets, deadline);
      forwards += 1;
      for (const unit of targets) items.push({ directiveId: forwardDirectiveId, unit });
    });
    const startedSeconds = (Date.now() - started) / 1000;
    const done = await pollUntil(
      () => driver.delivered(rootDirectiveId),
      (count) => count >= scope.length,
      timeoutMs,
      200,
    );
    const deliveredSeconds = (done.at - started) / 1000;
    return {
      rootDirectiveId,
      assignments: done.value,
      startedSeconds,
      deliveredSeconds,
      perSecond: done.value / deliveredSeconds,
      complete: done.reached,
      leaves,
    };
  } finally {
    clearInterval(ticker);
  }
}

export interface S3Result {
  offeredPerSecond: number;
  operations: number;
  accepted: number;
  acceptedPerSecond: number;
  p95LatencyMs: number;
  p95LagMs: number;
  errors: string[];
  /** What the figures above come from: seconds until every request was answered, each accepted one's latency and lag. */
  sendingSeconds: number;
  latencies: number[];
  lags: number[];
}

/** One engine's S3 figures over several rounds: every round's operations as one sample. */
export function combineS3(rounds: readonly S3Result[]): S3Result {
  const latencies = rounds.flatMap((r) => r.latencies);
  const lags = rounds.flatMap((r) => r.lags);
  const accepted = rounds.reduce((sum, r) => sum + r.accepted, 0);
  const sendingSeconds = rounds.reduce((sum, r) => sum + r.sendingSeconds, 0);
  return {
    offeredPerSecond: rounds[0].offeredPerSecond,
    operations: rounds.reduce((sum, r) => sum + r.operations, 0),
    accepted,
    acceptedPerSecond: accepted / sendingSeconds,
    p95LatencyMs: percentile(latencies, 95),
    p95LagMs: percentile(lags, 95),
    errors: rounds.flatMap((r) => r.errors).slice(0, 5),
    sendingSeconds,
    latencies,
    lags,
  };
}

/**
 * S3: acknowledgements then reports of `leaves` over HTTP, sent open-loop at a fixed offered rate;
 * each operation's lag is from its request to the time the read model (or sink) recorded it.
 */
export async function runS3(
  driver: Driver,
  leaves: Leaf[],
  ratePerSecond: number,
  tokens: Map<string, string>,
): Promise<S3Result> {
  type Op = {
    kind: 'ack' | 'report';
    leaf: Leaf;
    id: string;
    sentAt: number;
    latency?: number;
    lag?: number;
    status?: number;
  };
  const ops: Op[] = [
    ...leaves.map((leaf) => ({
      kind: 'ack' as const,
      leaf,
      id: driver.assignmentId(leaf.directiveId, leaf.unit.code),
      sentAt: 0,
    })),
    ...leaves.map((leaf) => ({
      kind: 'report' as const,
      leaf,
      id: driver.assignmentId(leaf.directiveId, leaf.unit.code),
      sentAt: 0,
    })),
  ];
  const errors: string[] = [];
  const started = Date.now();
  const inFlight: Array<Promise<void>> = [];
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index];
    const due = started + (index * 1000) / ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    op.sentAt = Date.now();
    inFlight.push(
      driver.http(op.kind, op.leaf.directiveId, op.leaf.unit, tokens.get(op.leaf.unit.code) ?? '').then(
        (status) => {
          op.status = status;
          op.latency = Date.now() - op.sentAt;
          if (status >= 300 && errors.length < 5) errors.push(`${op.kind} ${op.id}: HTTP ${status}`);
        },
        (error: unknown) => {
          op.status = 599;
          op.latency = Date.now() - op.sentAt;
          if (errors.length < 5) errors.push(`${op.kind} ${op.id}: ${String(error)}`);
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const finished = Date.now();
  const ok = ops.filter((op) => op.status !== undefined && op.status < 300);
  // The lag comes from the recording times, read once the load is over (at most a minute later).
  const recorded = await pollUntil(
    () => driver.recordedAt(ok),
    (times) => ok.every((op) => times.has(`${op.kind}:${op.id}`)),
    60_000,
    500,
  );
  for (const op of ok) {
    const at = recorded.value.get(`${op.kind}:${op.id}`);
    if (at !== undefined) op.lag = at - op.sentAt;
  }
  const latencies = ok.map((op) => op.latency!);
  const lags = ok.filter((op) => op.lag !== undefined).map((op) => op.lag!);
  const sendingSeconds = (finished - started) / 1000;
  return {
    offeredPerSecond: ratePerSecond,
    operations: ops.length,
    accepted: ok.length,
    acceptedPerSecond: ok.length / sendingSeconds,
    p95LatencyMs: percentile(latencies, 95),
    p95LagMs: percentile(lags, 95),
    errors,
    sendingSeconds,
    latencies,
    lags,
  };
}

export interface S5Result {
  deadlines: number;
  /** Seconds after the common deadline until every level-1 escalation was recorded. */
  seconds: number;
  lost: number;
  duplicated: number;
  setupOverran: boolean;
}

/** S5: `count` assignments (directives of ≤1,000 recipients) whose level-1 escalation falls at one instant. */
export async function runS5(
  driver: Driver,
  recipients: PlacedUnit[],
  count: number,
  tag: string,
  setupSeconds: number,
  progress: (line: string) => void,
): Promise<S5Result> {
  const chunks: PlacedUnit[][] = [];
  for (let i = 0; i < count; i += 1000) chunks.push(recipients.slice(i, Math.min(i + 1000, count)));
  const ids = chunks.map((_, index) => `${tag}-s5-${count}-${driver.label}-${index}`);
  const stormAt = Date.now() + setupSeconds * 1000;
  await Promise.all(chunks.map((chunk, index) => driver.issue(ids[index], chunk, { deadline: stormAt, stormAt })));
  const delivered = async () => (await Promise.all(ids.map((id) => driver.delivered(id)))).reduce((a, b) => a + b, 0);
  const setup = await pollUntil(delivered, (n) => n >= count, Math.max(0, stormAt - Date.now()) + 600_000, 250);
  const setupOverran = setup.at > stormAt;
  progress(
    `  ${driver.label}: ${setup.value}/${count} delivered ${setupOverran ? `${((setup.at - stormAt) / 1000).toFixed(1)} s AFTER` : `${((stormAt - setup.at) / 1000).toFixed(1)} s before`} the deadline`,
  );
  const done = await pollUntil(
    () => driver.escalations(ids),
    (result) => result.distinct >= count && Date.now() >= stormAt,
    Math.max(0, stormAt - Date.now()) + 300_000,
    200,
  );
  // Let late duplicates, if any, arrive before counting them.
  await sleep(2000);
  const final = await driver.escalations(ids);
  return {
    deadlines: count,
    seconds: (done.at - stormAt) / 1000,
    lost: count - final.distinct,
    duplicated: final.duplicates,
    setupOverran,
  };
}
