import * as fs from 'node:fs';
import { DingtalkNotificationChannel } from './channels/dingtalk-notification.channel';
import { EmailNotificationChannel } from './channels/email-notification.channel';
import { HttpSmsProvider, SmsNotificationChannel } from './channels/sms-notification.channel';
import { WebhookNotificationChannel } from './channels/webhook-notification.channel';
import { WecomNotificationChannel } from './channels/wecom-notification.channel';
import type { NotificationChannel } from './notification-channel';
import type { NotificationSettings } from './notification-settings';

/** The channels deliveries are sent through, by subscription channel name. */
export type DeliveryChannels = ReadonlyMap<string, NotificationChannel>;

export const DELIVERY_CHANNELS = Symbol('DELIVERY_CHANNELS');

/** How a channel retries: the wait doubles from `baseMs` up to `maxMs`; after `maxAttempts` the delivery is dead. */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/** Mail servers recover slowly; robots limit rates (钉钉: 20 messages a minute); SMS costs money per try. */
export const RETRY_POLICIES: Record<string, RetryPolicy> = {
  email: { maxAttempts: 10, baseMs: 15_000, maxMs: 30 * 60_000 },
  webhook: { maxAttempts: 8, baseMs: 10_000, maxMs: 15 * 60_000 },
  dingtalk: { maxAttempts: 8, baseMs: 30_000, maxMs: 15 * 60_000 },
  wecom: { maxAttempts: 8, baseMs: 30_000, maxMs: 15 * 60_000 },
  sms: { maxAttempts: 5, baseMs: 60_000, maxMs: 30 * 60_000 },
};

/** The wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}

/** Every channel the configuration allows: e-mail needs an SMTP server, SMS a gateway; webhooks and robots are always there. */
export function createDeliveryChannels(settings: NotificationSettings): Map<string, NotificationChannel> {
  const channels = new Map<string, NotificationChannel>([
    ['webhook', new WebhookNotificationChannel()],
    ['dingtalk', new DingtalkNotificationChannel()],
    ['wecom', new WecomNotificationChannel()],
  ]);
  if (settings.smtpUrl) {
    channels.set(
      'email',
      new EmailNotificationChannel({
        smtpUrl: settings.smtpUrl,
        from: settings.mailFrom,
        requireTls: settings.smtpRequireTls,
        ca: settings.smtpCaFile ? readSmtpCa(settings.smtpCaFile) : undefined,
      }),
    );
  }
  if (settings.smsUrl) {
    channels.set(
      'sms',
      new SmsNotificationChannel(new HttpSmsProvider(settings.smsUrl, settings.smsToken), settings.smsSignature),
    );
  }
  return channels;
}

/** The private CA's certificates; a missing file stops the worker at start rather than failing every mail. */
function readSmtpCa(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`CASCADE_SMTP_CA_FILE ${file} cannot be read: ${error instanceof Error ? error.message : error}`);
  }
}
