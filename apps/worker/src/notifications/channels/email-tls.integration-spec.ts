import { generate } from 'selfsigned';
import { type MailpitServer, startMailpit } from '../../../../../test/support/mailpit-server';
import type { OutgoingNotification } from '../notification-channel';
import { EmailNotificationChannel } from './email-notification.channel';

const notification: OutgoingNotification = {
  id: 'assignment-d7-141000#3>141000',
  eventId: 'assignment-d7-141000#3',
  recipientUnit: '141000',
  kind: 'URGED',
  subject: '催办：请尽快报送《关于开展“敬老月”活动的通知》',
  body: '省民政厅催办：请于 2024-11-20 前报送。',
  link: null,
};

/** An intranet mail server's certificate for 127.0.0.1, signed by nobody the system trusts. */
async function intranetCertificate(): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: 'mail.intranet.example' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

// Real TLS handshakes with a real SMTP server (npm test and CI provision Mailpit; without it this fails).
describe('e-mail over TLS to an intranet SMTP server with a private CA', () => {
  let certificate: { cert: string; key: string };

  beforeAll(async () => {
    certificate = await intranetCertificate();
  });

  const sendVia = async (mailpit: MailpitServer, url: string, ca?: string) => {
    const channel = new EmailNotificationChannel({
      smtpUrl: url,
      from: 'Cascade 公文督办 <cascade@example.gov.cn>',
      requireTls: url.startsWith('smtp:'),
      ca,
      timeoutMs: 5_000,
    });
    try {
      await channel.send(notification, { address: 'bgs@linfen.example.gov.cn' });
    } finally {
      channel.close();
    }
    return mailpit.messages();
  };

  describe('STARTTLS on port 587 style', () => {
    let mailpit: MailpitServer;
    beforeAll(async () => {
      mailpit = await startMailpit({ tls: { ...certificate, require: 'starttls' } });
    });
    afterAll(async () => {
      await mailpit?.dispose();
    });

    it('delivers after upgrading the connection when the private CA is configured', async () => {
      const messages = await sendVia(mailpit, `smtp://cascade:secret@127.0.0.1:${mailpit.smtpPort}`, certificate.cert);
      expect(messages).toHaveLength(1);
      expect(messages[0].Subject).toBe(notification.subject);
    });

    it('refuses a server whose certificate nobody configured trusts, and sends nothing', async () => {
      await mailpit.clear();
      await expect(sendVia(mailpit, `smtp://cascade:secret@127.0.0.1:${mailpit.smtpPort}`)).rejects.toThrow(
        /self[- ]signed|certificate/i,
      );
      expect(await mailpit.messages()).toHaveLength(0);
    });
  });

  describe('TLS from the first byte (smtps, port 465 style)', () => {
    let mailpit: MailpitServer;
    beforeAll(async () => {
      mailpit = await startMailpit({ tls: { ...certificate, require: 'tls' } });
    });
    afterAll(async () => {
      await mailpit?.dispose();
    });

    it('delivers over smtps:// with the private CA', async () => {
      const messages = await sendVia(mailpit, `smtps://cascade:secret@127.0.0.1:${mailpit.smtpPort}`, certificate.cert);
      expect(messages).toHaveLength(1);
      const raw = await mailpit.raw(messages[0].ID);
      expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
    });
  });
});
