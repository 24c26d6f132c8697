import { randomUUID } from 'node:crypto';

export interface HttpReply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Tries it took, all with the same Idempotency-Key. */
  tries: number;
}

/**
 * The API as a careful clerk's client sees it (directly or through the load balancer): writes carry an
 * Idempotency-Key and are retried with the same key when no answer came (network error, 5xx) or the read
 * model lags (404, 409 "try again"), as the dashboard does.
 */
export class DrillApi {
  constructor(
    private readonly base: () => string,
    private readonly tokens: ReadonlyMap<string, string>,
    /** Answers seen per HTTP status (0: no answer), over every try. */
    readonly statuses = new Map<number, number>(),
  ) {}

  /** The same API with a tally of its own: the statuses one step of a test saw. */
  counting(): DrillApi {
    return new DrillApi(this.base, this.tokens);
  }

  async once(method: 'GET' | 'POST', route: string, unit: string, body?: unknown, key?: string) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.tokens.get(unit)}`,
      'Content-Type': 'application/json',
      ...(key ? { 'Idempotency-Key': key } : {}),
    };
    let status = 0;
    let answer: unknown = null;
    try {
      const response = await fetch(`${this.base()}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(300_000),
      });
      status = response.status;
      const text = await response.text();
      answer = text ? JSON.parse(text) : null;
    } catch (error) {
      answer = { message: String(error) };
    }
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    return { status, body: answer as HttpReply['body'] };
  }

  async write(route: string, unit: string, body: unknown, key = randomUUID(), withinMs = 540_000): Promise<HttpReply> {
    const giveUpAt = Date.now() + withinMs;
    for (let tries = 1; ; tries++) {
      const reply = await this.once('POST', route, unit, body, key);
      const again =
        reply.status === 0 ||
        reply.status >= 500 ||
        reply.status === 404 ||
        (reply.status === 409 && /仍在处理|稍后再试/.test(String(reply.body?.message)));
      if (!again || Date.now() > giveUpAt) return { ...reply, tries };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
