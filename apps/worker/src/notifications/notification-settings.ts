import { DEFAULT_OFFICE_HOURS, type OfficeHours, parseOfficeHours } from './office-hours';

/** The worker's notification configuration, from the environment (docs/operations.md, "Notifications"). */
export interface NotificationSettings {
  /** The dashboard's public URL, for links in messages (CASCADE_PUBLIC_URL); none without it. */
  publicUrl: string | null;
  /** SMTP server (CASCADE_SMTP_URL): `smtp://user:pass@host:587` or `smtps://user:pass@host:465`. */
  smtpUrl: string | null;
  /** From header (CASCADE_MAIL_FROM). */
  mailFrom: string;
  /** Refuse SMTP without STARTTLS (CASCADE_SMTP_REQUIRE_TLS=1). */
  smtpRequireTls: boolean;
  /** PEM file of the private CA that signed the SMTP server's certificate (CASCADE_SMTP_CA_FILE). */
  smtpCaFile: string | null;
  /** SMS gateway of the HTTP provider (CASCADE_SMS_URL) and its bearer token (CASCADE_SMS_TOKEN). */
  smsUrl: string | null;
  smsToken: string | null;
  /** The 【签名】 of text messages (CASCADE_SMS_SIGNATURE). */
  smsSignature: string;
  /** CASCADE_NOTIFY_OFFICE_HOURS, e.g. `08:30-18:00` (Asia/Shanghai, working days). */
  officeHours: OfficeHours;
}

export const NOTIFICATION_SETTINGS = Symbol('NOTIFICATION_SETTINGS');

export function loadNotificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const value = (name: string): string | null => env[name]?.trim() || null;
  return {
    publicUrl: value('CASCADE_PUBLIC_URL'),
    smtpUrl: value('CASCADE_SMTP_URL'),
    mailFrom: value('CASCADE_MAIL_FROM') ?? 'Cascade 公文督办 <cascade@localhost>',
    smtpRequireTls: value('CASCADE_SMTP_REQUIRE_TLS') === '1',
    smtpCaFile: value('CASCADE_SMTP_CA_FILE'),
    smsUrl: value('CASCADE_SMS_URL'),
    smsToken: value('CASCADE_SMS_TOKEN'),
    smsSignature: value('CASCADE_SMS_SIGNATURE') ?? 'Cascade',
    officeHours: env.CASCADE_NOTIFY_OFFICE_HOURS
      ? parseOfficeHours(env.CASCADE_NOTIFY_OFFICE_HOURS)
      : DEFAULT_OFFICE_HOURS,
  };
}
