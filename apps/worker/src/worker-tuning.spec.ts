import { cachedWorkflowsFor } from './worker-tuning';

const MiB = 1024 * 1024;

describe('cachedWorkflowsFor', () => {
  it('caches a whole county run when the heap holds it', () => {
    expect(cachedWorkflowsFor(4096 * MiB)).toBe(10_000);
  });

  it('keeps the cache within a small heap, beside its reserve', () => {
    const cached = cachedWorkflowsFor(1024 * MiB);
    expect(cached).toBe(Math.floor((512 * MiB) / (300 * 1024)));
    expect(cached * 300 * 1024).toBeLessThanOrEqual(512 * MiB);
  });

  it('never goes below 100 workflows', () => {
    expect(cachedWorkflowsFor(256 * MiB)).toBe(100);
  });
});
