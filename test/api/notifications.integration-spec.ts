import request from 'supertest';
import { InboxMessagesRepository, NotificationDeliveriesRepository } from '@cascade/persistence';
import { useApiHarness } from '../support/api-harness';
import { databaseKinds } from '../support/databases';

const admin = ['140000', 'admin'] as [string, 'admin'];
const linfen = ['141000', 'clerk'] as [string, 'clerk'];
const taiyuan = ['140100', 'clerk'] as [string, 'clerk'];

describe.each(databaseKinds())('notifications API (%s)', (kind) => {
  const running = useApiHarness(kind);
  const h = () => running.harness;

  const send = async (method: 'patch' | 'delete', path: string, body: unknown, as: [string, string?]) => {
    const server = request(h().app.getHttpServer());
    const call = method === 'patch' ? server.patch(path) : server.delete(path);
    return call.set({ Authorization: `Bearer ${await h().token(as[0], as[1] as 'admin')}` }).send(body as object);
  };

  describe('subscriptions', () => {
    it('lets an admin add, list (without the secret), change and remove a subscription', async () => {
      const created = await h().post(
        '/api/notifications/subscriptions',
        {
          unitCode: '141000',
          channel: 'webhook',
          address: 'https://hooks.example.gov.cn/cascade',
          secret: 'top-secret',
          kinds: ['DELIVERED', 'ESCALATION'],
        },
        admin,
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ unitCode: '141000', hasSecret: true, quietHours: true, enabled: true });
      expect(JSON.stringify(created.body)).not.toContain('top-secret');

      const listed = await h().get('/api/notifications/subscriptions?unit=141000', admin);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([created.body.id]);

      const changed = await send(
        'patch',
        `/api/notifications/subscriptions/${created.body.id}`,
        { enabled: false, kinds: ['REMINDER'] },
        admin,
      );
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ enabled: false, kinds: ['REMINDER'] });

      expect((await send('delete', `/api/notifications/subscriptions/${created.body.id}`, {}, admin)).status).toBe(204);
      expect((await send('delete', `/api/notifications/subscriptions/${created.body.id}`, {}, admin)).status).toBe(404);
    });

    it('refuses non-admins, unknown units and addresses that do not suit the channel, in Chinese', async () => {
      const body = {
        unitCode: '141000',
        channel: 'email',
        address: 'duban@linfen.example.gov.cn',
        kinds: ['REMINDER'],
      };
      const denied = await h().post('/api/notifications/subscriptions', body, linfen);
      expect(denied.status).toBe(403);
      expect(denied.body.message).toContain('系统管理员');

      const unknown = await h().post('/api/notifications/subscriptions', { ...body, unitCode: '999999' }, admin);
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toContain('999999');

      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ address: 'not-an-address' }, /邮箱/],
        [{ channel: 'sms', address: '0351-1234567' }, /手机号/],
        [{ channel: 'webhook', address: 'https://hooks.example.gov.cn/x' }, /密钥/],
        [{ channel: 'dingtalk', address: 'ftp://robot' }, /网址/],
        [{ kinds: ['NOPE'] }, /kinds/],
        [{ kinds: [] }, /kinds/],
        [{ channel: 'fax' }, /channel/],
      ];
      for (const [change, message] of cases) {
        const refused = await h().post('/api/notifications/subscriptions', { ...body, ...change }, admin);
        expect([refused.status, refused.body.message]).toEqual([expect.any(Number), expect.stringMatching(message)]);
        expect([400, 422]).toContain(refused.status);
      }
    });
  });

  describe('消息中心', () => {
    beforeAll(async () => {
      const inbox = h().app.get(InboxMessagesRepository);
      for (const [i, unitCode] of ['141000', '141000', '140100'].entries()) {
        await inbox.addMissing({
          id: `evt-${i}>${unitCode}`,
          unitCode,
          kind: 'DELIVERED',
          subject: `待签收：《通知${i}》`,
          body: '请签收',
          directiveId: `d-${i}`,
          createdAt: 1_700_000_000_000 + i,
        });
      }
    });

    it("lists the caller's unit's messages newest first with the unread count, and only its own", async () => {
      const page = await h().get('/api/notifications/inbox', linfen);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 2, unread: 2 });
      expect(page.body.items.map((m: { subject: string }) => m.subject)).toEqual([
        '待签收：《通知1》',
        '待签收：《通知0》',
      ]);
      expect(page.body.items[0]).toMatchObject({ directiveId: 'd-1', readAt: null });
      expect((await h().get('/api/notifications/inbox/unread-count', taiyuan)).body).toEqual({ unread: 1 });
    });

    it('marks one read, refuses another unit’s message, and marks all read', async () => {
      const id = encodeURIComponent('evt-0>141000');
      const read = await h().post(`/api/notifications/inbox/${id}/read`, {}, linfen);
      expect(read.body).toEqual({ marked: 1, unread: 1 });
      const foreign = await h().post(`/api/notifications/inbox/${id}/read`, {}, taiyuan);
      expect(foreign.status).toBe(404);
      expect(foreign.body.message).toContain('没有这条消息');

      expect((await h().post('/api/notifications/inbox/read-all', {}, linfen)).body).toEqual({ marked: 1, unread: 0 });
      expect((await h().get('/api/notifications/inbox/unread-count', linfen)).body).toEqual({ unread: 0 });
      expect((await h().get('/api/notifications/inbox/unread-count', taiyuan)).body).toEqual({ unread: 1 });
    });
  });

  describe('the live stream', () => {
    /** Reads `unread` events off an open stream. */
    async function openStream(ticket: string) {
      const controller = new AbortController();
      const response = await fetch(`${h().baseUrl}/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`, {
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      return {
        response,
        async nextUnread(): Promise<number> {
          for (;;) {
            const match = /event: unread\ndata: (\{[^\n]*\})\n\n/.exec(buffer);
            if (match) {
              buffer = buffer.slice(match.index + match[0].length);
              return (JSON.parse(match[1]) as { unread: number }).unread;
            }
            const { value, done } = await reader.read();
            if (done) throw new Error('stream ended');
            buffer += decoder.decode(value, { stream: true });
          }
        },
        close: () => controller.abort(),
      };
    }

    it('pushes the unread count when it changes, to the ticket holder only, with a single-use ticket', async () => {
      expect((await h().get('/api/notifications/stream')).status).toBe(400);
      const forged = await h().get('/api/notifications/stream?ticket=forged');
      expect(forged.status).toBe(401);
      expect(forged.body.message).toContain('凭证');

      const issued = await h().post('/api/notifications/stream-ticket', {}, ['141002', 'clerk']);
      expect(issued.status).toBe(200);
      const stream = await openStream(issued.body.ticket);
      try {
        expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
        expect(await stream.nextUnread()).toBe(0);
        await h().app.get(InboxMessagesRepository).addMissing({
          id: 'evt-live>141002',
          unitCode: '141002',
          kind: 'URGED',
          subject: '催办：《通知》',
          body: '请尽快报送',
          directiveId: 'd-live',
          createdAt: Date.now(),
        });
        expect(await stream.nextUnread()).toBe(1);
        await h().post('/api/notifications/inbox/read-all', {}, ['141002', 'clerk']);
        expect(await stream.nextUnread()).toBe(0);
      } finally {
        stream.close();
      }
      expect((await h().get(`/api/notifications/stream?ticket=${issued.body.ticket}`)).status).toBe(401);
    });
  });

  describe('dead letters', () => {
    it('lists dead deliveries to an admin, and a retry puts them back in the queue', async () => {
      const deliveries = h().app.get(NotificationDeliveriesRepository);
      await deliveries.addMissing([
        {
          id: 'a'.repeat(64),
          notificationId: 'evt-9>141000',
          eventId: 'evt-9',
          recipientUnit: '141000',
          subscriptionId: 'gone',
          channel: 'email',
          address: 'duban@linfen.example.gov.cn',
          nextAttemptAt: 0,
        },
      ]);
      await deliveries.markDead('a'.repeat(64), '550 mailbox unavailable');

      expect((await h().get('/api/notifications/deliveries', linfen)).status).toBe(403);
      const dead = await h().get('/api/notifications/deliveries?status=DEAD', admin);
      expect(dead.body.total).toBe(1);
      expect(dead.body.items[0]).toMatchObject({ status: 'DEAD', lastError: '550 mailbox unavailable' });
      const retried = await h().post('/api/notifications/deliveries/retry', { ids: ['a'.repeat(64)] }, admin);
      expect(retried.body).toEqual({ retried: 1 });
      expect((await h().get('/api/notifications/deliveries', admin)).body.total).toBe(0);
      expect((await h().get('/api/notifications/deliveries?status=PENDING', admin)).body.items[0]).toMatchObject({
        attempts: 0,
      });
      expect((await h().get('/api/notifications/deliveries?status=LOST', admin)).status).toBe(400);
    });
  });
});
