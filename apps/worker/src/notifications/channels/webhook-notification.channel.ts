import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelTarget, NotificationChannel, OutgoingNotification } from '../notification-channel';
import { postJson } from './http-post';

export const WEBHOOK_TIMESTAMP_HEADER = 'x-cascade-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-cascade-signature';
export const WEBHOOK_ID_HEADER = 'x-cascade-notification';
/** Receivers should refuse a request whose timestamp is further than this from their clock (replays). */
export const WEBHOOK_REPLAY_WINDOW_MS = 5 * 60_000;

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`); the timestamp is Unix milliseconds. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's check: a correct signature over a timestamp inside the replay window. */
export function verifyWebhook(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  now = Date.now(),
): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp)) > WEBHOOK_REPLAY_WINDOW_MS) return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The JSON a generic webhook receives. */
export interface WebhookPayload {
  id: string;
  recipientUnit: string;
  kind: string;
  subject: string;
  body: string;
  link: string | null;
}

/** A generic JSON webhook, signed so the receiver knows it comes from Cascade and is fresh. */
export class WebhookNotificationChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(private readonly clock: () => number = Date.now) {}

  async send(notification: OutgoingNotification, target: ChannelTarget): Promise<void> {
    if (!target.secret) throw new Error('webhook without a signing secret');
    const payload: WebhookPayload = {
      id: notification.id,
      recipientUnit: notification.recipientUnit,
      kind: notification.kind,
      subject: notification.subject,
      body: notification.body,
      link: notification.link ?? null,
    };
    const body = JSON.stringify(payload);
    const timestamp = String(this.clock());
    await postJson(target.address, body, {
      [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
      [WEBHOOK_SIGNATURE_HEADER]: webhookSignature(target.secret, timestamp, body),
      [WEBHOOK_ID_HEADER]: notification.id,
    });
  }
}
