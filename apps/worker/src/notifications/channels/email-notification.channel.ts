import { createTransport, type Transporter } from 'nodemailer';
import type { ChannelTarget, NotificationChannel, OutgoingNotification } from '../notification-channel';
import { html, plainText } from './message-format';

/** SMTP settings: `smtp://user:pass@host:587` (STARTTLS when offered), `smtps://…:465` (TLS from the start). */
export interface EmailChannelOptions {
  smtpUrl: string;
  /** The From header, e.g. `Cascade 公文督办 <cascade@example.gov.cn>`. */
  from: string;
  /** Refuse to send without STARTTLS on `smtp://` (production: the password never crosses in clear). */
  requireTls?: boolean;
  /**
   * PEM certificates of the authorities that signed the SMTP server's certificate, for an intranet mail
   * server with a private CA; they replace the system's list. The server's certificate is always verified.
   */
  ca?: string;
  /** Milliseconds to wait for connection and greeting before the attempt fails and is retried later. */
  timeoutMs?: number;
}

/** E-mail over SMTP: Chinese subject and body in UTF-8, plain text plus HTML, a link to the assignment. */
export class EmailNotificationChannel implements NotificationChannel {
  readonly name = 'email';
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    this.transport = createTransport({
      url: options.smtpUrl,
      // A storm sends thousands of mails: reuse a few connections instead of one handshake per mail.
      pool: true,
      maxConnections: 4,
      requireTLS: options.requireTls ?? false,
      ...(options.ca ? { tls: { ca: options.ca } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 3,
    });
  }

  async send(notification: OutgoingNotification, target: ChannelTarget): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: target.address,
      subject: notification.subject,
      text: plainText(notification),
      html: html(notification),
      // Receivers and Mailpit see one Message-ID per delivery: a retried send is recognisably the same message.
      messageId: `<${Buffer.from(notification.id).toString('base64url')}@cascade>`,
      headers: { 'X-Cascade-Notification': notification.id },
    });
  }

  close(): void {
    this.transport.close();
  }
}
