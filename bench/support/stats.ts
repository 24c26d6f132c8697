/** Nearest-rank percentile of a list of numbers (0 < p ≤ 100); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((sorted.length * p) / 100) - 1)];
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until `done` or `timeoutMs`; returns the last value and when it was seen. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<{ value: T; at: number; reached: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    const at = Date.now();
    if (done(value)) return { value, at, reached: true };
    if (at > deadline) return { value, at, reached: false };
    await sleep(everyMs);
  }
}

/** Runs `work` over `items` with at most `concurrency` in flight; items may be added while running. */
export async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let active = 0;
  let failure: unknown = null;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (failure) return;
      if (next >= items.length && active === 0) return resolve();
      while (active < concurrency && next < items.length) {
        const item = items[next++];
        active += 1;
        work(item).then(
          () => {
            active -= 1;
            pump();
          },
          (error: unknown) => {
            failure = error;
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      }
    };
    pump();
  });
}
