import { FAILED_AUTH_LIMIT, FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  const t0 = 1_700_000_000_000;

  it('lets a client fail 20 times a minute and blocks the 21st attempt until the oldest failure is a minute old', () => {
    const limiter = new FailedAuthLimiter();
    for (let i = 0; i < FAILED_AUTH_LIMIT; i++) {
      expect(limiter.retryAfterSeconds('10.0.0.1', t0 + i * 1000)).toBe(0);
      limiter.recordFailure('10.0.0.1', t0 + i * 1000);
    }
    expect(limiter.retryAfterSeconds('10.0.0.1', t0 + 20_000)).toBe(40);
    expect(limiter.retryAfterSeconds('10.0.0.2', t0 + 20_000)).toBe(0);
    expect(limiter.retryAfterSeconds('10.0.0.1', t0 + 59_999)).toBe(1);
    expect(limiter.retryAfterSeconds('10.0.0.1', t0 + 60_000)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const limiter = FailedAuthLimiter.withLimits(3, 10_000);
    limiter.recordFailure('a', t0);
    limiter.recordFailure('a', t0 + 1);
    limiter.recordFailure('a', t0 + 20_000);
    expect(limiter.retryAfterSeconds('a', t0 + 20_001)).toBe(0);
    limiter.recordFailure('a', t0 + 20_002);
    limiter.recordFailure('a', t0 + 20_003);
    expect(limiter.retryAfterSeconds('a', t0 + 20_004)).toBe(10);
  });

  it('keeps a bounded number of clients', () => {
    const limiter = FailedAuthLimiter.withLimits(1, 60_000);
    for (let i = 0; i < 10_050; i++) limiter.recordFailure(`c${i}`, t0);
    expect(limiter.retryAfterSeconds('c0', t0 + 1)).toBe(0);
    expect(limiter.retryAfterSeconds('c10049', t0 + 1)).toBe(60);
  });
});
