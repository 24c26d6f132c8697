import type { ChannelTarget, NotificationChannel, OutgoingNotification } from '../notification-channel';
import { postJson } from './http-post';

/** One text message to one phone number. */
export interface SmsMessage {
  /** Idempotency key: a provider that supports one (most do, as an "out id") should be given it. */
  id: string;
  phone: string;
  text: string;
}

/**
 * An SMS provider behind the SMS channel. To add one (阿里云短信, 腾讯云短信…): implement `send` with the
 * provider's SDK or HTTP API, throwing on any refusal so the delivery is retried, and choose it in
 * createSmsProvider from CASCADE_SMS_URL's scheme. Providers requiring templates map `text` to their template
 * parameters there.
 */
export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** China's mainland mobile numbers, optionally with +86; other formats are refused before any provider call. */
const PHONE = /^(\+86)?1[3-9]\d{9}$/;

/** Text messages are short: the subject and the link, never the whole body. */
export function smsText(notification: OutgoingNotification, signature: string): string {
  const link = notification.link ? ` ${notification.link}` : '';
  return `【${signature}】${notification.subject}${link}`;
}

/** SMS through a provider adapter. */
export class SmsNotificationChannel implements NotificationChannel {
  readonly name = 'sms';

  constructor(
    private readonly provider: SmsProvider,
    private readonly signature = 'Cascade',
  ) {}

  async send(notification: OutgoingNotification, target: ChannelTarget): Promise<void> {
    const phone = target.address.replace(/[\s-]/g, '');
    if (!PHONE.test(phone)) throw new Error(`not a mobile number: ${target.address}`);
    await this.provider.send({ id: notification.id, phone, text: smsText(notification, this.signature) });
  }
}

/**
 * The generic HTTP provider: POSTs `{id, phone, text}` as JSON with a bearer token to a gateway URL and
 * expects 2xx. It is the contract an in-house SMS gateway implements, and the model for other adapters.
 */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http';

  constructor(
    private readonly url: string,
    private readonly token: string | null,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    await postJson(this.url, JSON.stringify(message), this.token ? { authorization: `Bearer ${this.token}` } : {});
  }
}
