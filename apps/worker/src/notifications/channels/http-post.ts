/** How long a webhook or robot may take to answer before the attempt fails and is retried later. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs JSON and returns the answer's text; any status other than 2xx throws, so the delivery is retried. */
export async function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${new URL(url).host}: ${text.slice(0, 200)}`);
  return text;
}

/** The robots of 钉钉 and 企业微信 answer 200 with `{errcode, errmsg}`; a non-zero errcode is a failure. */
export function requireRobotOk(answer: string, robot: string): void {
  let parsed: { errcode?: number; errmsg?: string };
  try {
    parsed = JSON.parse(answer) as typeof parsed;
  } catch {
    throw new Error(`${robot}: unreadable answer ${answer.slice(0, 200)}`);
  }
  if (parsed.errcode !== 0) throw new Error(`${robot}: errcode ${parsed.errcode} ${parsed.errmsg ?? ''}`.trim());
}
