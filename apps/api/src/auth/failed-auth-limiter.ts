import { Injectable } from '@nestjs/common';

/** Failed bearer attempts a client may make per window before it is refused with 429. */
export const FAILED_AUTH_LIMIT = 20;
export const FAILED_AUTH_WINDOW_MS = 60_000;
/** Clients tracked at once; the oldest are forgotten beyond it, so a flood of addresses cannot exhaust memory. */
const MAX_CLIENTS = 10_000;

/**
 * Counts failed bearer attempts (an unknown, revoked or expired token) per client address over a
 * sliding window. A client with more than FAILED_AUTH_LIMIT of them in the last minute is blocked —
 * every bearer attempt, right or wrong, is refused — until the oldest failure leaves the window.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();
  private limit = FAILED_AUTH_LIMIT;
  private windowMs = FAILED_AUTH_WINDOW_MS;

  /** A limiter with other figures (tests). */
  static withLimits(limit: number, windowMs: number): FailedAuthLimiter {
    const limiter = new FailedAuthLimiter();
    limiter.limit = limit;
    limiter.windowMs = windowMs;
    return limiter;
  }

  /** Seconds until `client` may try again; 0 when it may try now. */
  retryAfterSeconds(client: string, now = Date.now()): number {
    const recent = this.recent(client, now);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.limit] + this.windowMs - now) / 1000));
  }

  /** Forgets every failure (a test that probes wrong tokens on purpose starts each part afresh). */
  reset(): void {
    this.failures.clear();
  }

  recordFailure(client: string, now = Date.now()): void {
    const recent = this.recent(client, now);
    recent.push(now);
    // Only the last `limit` failures decide when the client may try again.
    if (recent.length > this.limit) recent.splice(0, recent.length - this.limit);
    this.failures.delete(client);
    this.failures.set(client, recent);
    if (this.failures.size > MAX_CLIENTS) this.failures.delete(this.failures.keys().next().value as string);
  }

  private recent(client: string, now: number): number[] {
    const all = this.failures.get(client);
    if (!all) return [];
    const recent = all.filter((t) => t > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(client);
    return recent;
  }
}

/**
 * The same limit on failed sign-ins (wrong 账号 or password) per client address, counted apart from
 * bearer failures: guessing passwords does not block an integration's token from the same address.
 */
@Injectable()
export class SignInLimiter extends FailedAuthLimiter {}
