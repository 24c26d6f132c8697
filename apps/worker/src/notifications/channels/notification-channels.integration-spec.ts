import { createHmac } from 'node:crypto';
import { type HttpReceiver, startHttpReceiver } from '../../../../../test/support/http-receiver';
import { type MailpitServer, mailpitWanted, startMailpit } from '../../../../../test/support/mailpit-server';
import type { OutgoingNotification } from '../notification-channel';
import { DingtalkNotificationChannel } from './dingtalk-notification.channel';
import { EmailNotificationChannel } from './email-notification.channel';
import { assignmentLink } from './message-format';
import { HttpSmsProvider, SmsNotificationChannel } from './sms-notification.channel';
import {
  verifyWebhook,
  WEBHOOK_REPLAY_WINDOW_MS,
  WebhookNotificationChannel,
  type WebhookPayload,
} from './webhook-notification.channel';
import { WecomNotificationChannel } from './wecom-notification.channel';

const NOW = Date.UTC(2024, 10, 1, 1, 30);

const notification: OutgoingNotification = {
  id: 'assignment-d1-141000#7>140000',
  eventId: 'assignment-d1-141000#7',
  recipientUnit: '140000',
  kind: 'ESCALATION',
  subject: '督办：太原市逾期未报送《关于开展安全生产大检查的通知》',
  body: '太原市逾期未报送《关于开展安全生产大检查的通知》（晋政办发〔2024〕12号），报送截止时间 2024-11-01 17:00；第1级督办于 2024-11-02 09:00 启动。<b>',
  link: assignmentLink('https://cascade.example.gov.cn/', 'd1'),
};

describe('notification channels', () => {
  let receiver: HttpReceiver;

  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  it('links to the assignment page under the public URL, or nowhere without one', () => {
    expect(notification.link).toBe('https://cascade.example.gov.cn/directives/d1');
    expect(assignmentLink(null, 'd1')).toBeNull();
  });

  describe('generic webhook', () => {
    it('posts the JSON signed with HMAC-SHA256 over timestamp and body', async () => {
      await new WebhookNotificationChannel(() => NOW).send(notification, {
        address: `${receiver.url}/hooks/cascade`,
        secret: 's3cret',
      });

      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      expect(request).toMatchObject({ method: 'POST', url: '/hooks/cascade' });
      expect(request.headers['x-cascade-timestamp']).toBe(String(NOW));
      const expected = createHmac('sha256', 's3cret').update(`${NOW}.${request.body}`).digest('hex');
      expect(request.headers['x-cascade-signature']).toBe(`sha256=${expected}`);
      expect(request.headers['x-cascade-notification']).toBe(notification.id);
      expect(JSON.parse(request.body) as WebhookPayload).toEqual({
        id: notification.id,
        recipientUnit: '140000',
        kind: 'ESCALATION',
        subject: notification.subject,
        body: notification.body,
        link: 'https://cascade.example.gov.cn/directives/d1',
      });
    });

    it('lets the receiver refuse a wrong secret, a changed body and a replay outside the window', async () => {
      await new WebhookNotificationChannel(() => NOW).send(notification, { address: receiver.url, secret: 's3cret' });
      const [{ headers, body }] = receiver.received;
      const timestamp = headers['x-cascade-timestamp'] as string;
      const signature = headers['x-cascade-signature'] as string;

      expect(verifyWebhook('s3cret', timestamp, body, signature, NOW + 1_000)).toBe(true);
      expect(verifyWebhook('other', timestamp, body, signature, NOW)).toBe(false);
      expect(verifyWebhook('s3cret', timestamp, body.replace('140000', '140100'), signature, NOW)).toBe(false);
      expect(verifyWebhook('s3cret', timestamp, body, signature, NOW + WEBHOOK_REPLAY_WINDOW_MS + 1)).toBe(false);
      expect(verifyWebhook('s3cret', undefined, body, signature, NOW)).toBe(false);
    });

    it('fails (to be retried) when the receiver answers an error, and never sends unsigned', async () => {
      receiver.answer = () => ({ status: 503, body: 'busy' });
      const channel = new WebhookNotificationChannel(() => NOW);
      await expect(channel.send(notification, { address: receiver.url, secret: 's' })).rejects.toThrow(/HTTP 503/);
      await expect(channel.send(notification, { address: receiver.url })).rejects.toThrow(/secret/);
      expect(receiver.received).toHaveLength(1);
    });
  });

  describe('钉钉 custom robot', () => {
    it('adds timestamp and sign to the URL per 钉钉 加签 and sends markdown', async () => {
      await new DingtalkNotificationChannel(() => NOW).send(notification, {
        address: `${receiver.url}/robot/send?access_token=tok`,
        secret: 'SEC123',
      });

      const [request] = receiver.received;
      const query = new URL(request.url, receiver.url).searchParams;
      expect(query.get('access_token')).toBe('tok');
      expect(query.get('timestamp')).toBe(String(NOW));
      const sign = createHmac('sha256', 'SEC123').update(`${NOW}\nSEC123`).digest('base64');
      expect(query.get('sign')).toBe(sign);
      const message = JSON.parse(request.body) as { msgtype: string; markdown: { title: string; text: string } };
      expect(message.msgtype).toBe('markdown');
      expect(message.markdown.title).toBe(notification.subject);
      expect(message.markdown.text).toContain(`**${notification.subject}**`);
      expect(message.markdown.text).toContain('[查看详情](https://cascade.example.gov.cn/directives/d1)');
    });

    it('fails when the robot answers a non-zero errcode', async () => {
      receiver.answer = () => ({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
      await expect(
        new DingtalkNotificationChannel().send(notification, { address: receiver.url, secret: 'x' }),
      ).rejects.toThrow(/310000/);
    });
  });

  describe('企业微信 group robot', () => {
    it('sends its markdown message to the robot URL, and fails on a non-zero errcode', async () => {
      const address = `${receiver.url}/cgi-bin/webhook/send?key=abc`;
      await new WecomNotificationChannel().send(notification, { address });
      const [request] = receiver.received;
      expect(request.url).toBe('/cgi-bin/webhook/send?key=abc');
      const message = JSON.parse(request.body) as { msgtype: string; markdown: { content: string } };
      expect(message).toEqual({ msgtype: 'markdown', markdown: { content: expect.any(String) } });
      expect(message.markdown.content).toContain(notification.body);

      receiver.answer = () => ({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
      await expect(new WecomNotificationChannel().send(notification, { address })).rejects.toThrow(/93000/);
    });

    it('keeps a long message within the robot limit of 4096 bytes', async () => {
      await new WecomNotificationChannel().send(
        { ...notification, body: '办'.repeat(3000) },
        { address: `${receiver.url}/send?key=k` },
      );
      const content = (JSON.parse(receiver.received[0].body) as { markdown: { content: string } }).markdown.content;
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
      expect(content.endsWith('…')).toBe(true);
    });
  });

  describe('SMS through the HTTP provider adapter', () => {
    it('posts {id, phone, text} with the bearer token: the subject and the link, signed', async () => {
      const channel = new SmsNotificationChannel(new HttpSmsProvider(`${receiver.url}/sms`, 'tk'), '山西省政府办公厅');
      await channel.send(notification, { address: '+86 138-0013-8000' });

      const [request] = receiver.received;
      expect(request.headers.authorization).toBe('Bearer tk');
      expect(JSON.parse(request.body)).toEqual({
        id: notification.id,
        phone: '+8613800138000',
        text: `【山西省政府办公厅】${notification.subject} https://cascade.example.gov.cn/directives/d1`,
      });
    });

    it('refuses what is not a mobile number without calling the provider, and fails on a gateway error', async () => {
      const channel = new SmsNotificationChannel(new HttpSmsProvider(`${receiver.url}/sms`, null));
      await expect(channel.send(notification, { address: '0351-1234567' })).rejects.toThrow(/mobile/);
      expect(receiver.received).toHaveLength(0);
      receiver.answer = () => ({ status: 500, body: 'down' });
      await expect(channel.send(notification, { address: '13800138000' })).rejects.toThrow(/HTTP 500/);
    });
  });
});

// Where Mailpit is provisioned (always in CI): a real SMTP server.
if (mailpitWanted()) {
  describe('e-mail over SMTP to Mailpit', () => {
    let mailpit: MailpitServer;

    beforeAll(async () => {
      mailpit = await startMailpit();
    });

    afterAll(async () => {
      await mailpit?.dispose();
    });

    it('sends a UTF-8 Chinese mail with text and HTML parts and the assignment link, authenticating', async () => {
      const channel = new EmailNotificationChannel({
        smtpUrl: `smtp://cascade:secret@127.0.0.1:${mailpit.smtpPort}`,
        from: 'Cascade 公文督办 <cascade@example.gov.cn>',
      });
      await channel.send(notification, { address: 'duban@taiyuan.example.gov.cn' });
      channel.close();

      const [summary] = await mailpit.messages();
      expect(summary.Subject).toBe(notification.subject);
      expect(summary.To.map((to) => to.Address)).toEqual(['duban@taiyuan.example.gov.cn']);
      expect(summary.From).toMatchObject({ Name: 'Cascade 公文督办', Address: 'cascade@example.gov.cn' });
      const message = await mailpit.message(summary.ID);
      expect(message.Text).toContain(notification.body);
      expect(message.Text).toContain('查看详情：https://cascade.example.gov.cn/directives/d1');
      expect(message.HTML).toContain('<a href="https://cascade.example.gov.cn/directives/d1">查看详情</a>');
      expect(message.HTML).toContain('&lt;b&gt;');
      const raw = await mailpit.raw(summary.ID);
      expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
      expect(raw).toMatch(/charset=utf-8/i);
    });

    it('refuses to send over a server without STARTTLS when TLS is required', async () => {
      const channel = new EmailNotificationChannel({
        smtpUrl: `smtp://cascade:secret@127.0.0.1:${mailpit.smtpPort}`,
        from: 'cascade@example.gov.cn',
        requireTls: true,
      });
      const before = (await mailpit.messages()).length;
      try {
        await expect(channel.send(notification, { address: 'a@example.gov.cn' })).rejects.toThrow(/STARTTLS/i);
      } finally {
        channel.close();
      }
      expect(await mailpit.messages()).toHaveLength(before);
    });

    it('fails (to be retried) while the SMTP server is down', async () => {
      await mailpit.stop();
      const channel = new EmailNotificationChannel({
        smtpUrl: `smtp://127.0.0.1:${mailpit.smtpPort}`,
        from: 'cascade@example.gov.cn',
        timeoutMs: 2_000,
      });
      try {
        await expect(channel.send(notification, { address: 'a@example.gov.cn' })).rejects.toThrow();
      } finally {
        channel.close();
        await mailpit.start();
      }
    });
  });
}
