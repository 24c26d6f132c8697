import { workflowIds } from '@cascade/contracts';
import { NotificationStreamController } from '../../apps/api/src/notifications/notification-stream.controller';
import { useApiHarness } from '../support/api-harness';
import { eventually } from '../support/cascade-harness';
import { databaseKinds } from '../support/databases';
import { issueAndForward } from '../support/forward-chain';

const DAY = 86_400_000;

interface Change {
  directives: string[];
  assignments: string[];
  all?: boolean;
}

describe.each(databaseKinds())('live updates over the stream (%s)', (kind) => {
  const running = useApiHarness(kind);
  const h = () => running.harness;

  /** Opens the stream of a unit and role and collects its `changed` events. */
  async function openStream(unitCode: string, role: 'clerk' | 'supervisor' = 'clerk') {
    const issued = await h().post('/api/notifications/stream-ticket', {}, [unitCode, role]);
    expect(issued.status).toBe(200);
    const controller = new AbortController();
    const response = await fetch(
      `${h().baseUrl}/api/notifications/stream?ticket=${encodeURIComponent(issued.body.ticket)}`,
      { signal: controller.signal },
    );
    const changes: Change[] = [];
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let ended = false;
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        for (let match; (match = /event: changed\ndata: (\{[^\n]*\})\n\n/.exec(buffer));) {
          changes.push(JSON.parse(match[1]) as Change);
          buffer = buffer.slice(match.index + match[0].length);
        }
      }
    })().catch(() => undefined);
    return {
      changes,
      mentions: (assignmentId: string) => changes.some((c) => c.assignments.includes(assignmentId)),
      done: () => ended,
      close: async () => {
        controller.abort();
        await reading;
      },
    };
  }

  it('tells the units that may see an assignment that it changed, and no one else', async () => {
    const issued = await h().post(
      '/api/directives',
      {
        docNumber: '临市民函〔2024〕90号',
        title: '关于直播推送的通知',
        issuerUnit: '141000',
        recipients: ['141002', '141021'],
        deadline: new Date(Date.now() + 20 * DAY).toISOString(),
      },
      ['141000'],
    );
    expect(issued.status).toBe(201);
    const directiveId: string = issued.body.id;
    const yaodu = workflowIds.assignment(directiveId, '141002');
    await eventually(
      () => h().get(`/api/directives/${directiveId}/events`, ['141000']),
      (r) => r.body.filter?.((e: { type: string }) => e.type === 'ASSIGNMENT_DELIVERED').length === 2,
    );

    const streams = {
      county: await openStream('141002'),
      issuer: await openStream('141000'),
      supervisor: await openStream('140000', 'supervisor'),
      sibling: await openStream('141021'),
      elsewhere: await openStream('140100'),
      elsewhereSupervisor: await openStream('140100', 'supervisor'),
    };
    try {
      // The first look only marks where the log stands; changes from then on are news.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(Object.values(streams).every((s) => !s.mentions(yaodu))).toBe(true);

      expect((await h().post(`/api/assignments/${encodeURIComponent(yaodu)}/acknowledge`, {}, ['141002'])).status).toBe(
        200,
      );
      await eventually(
        async () => streams,
        (s) => s.county.mentions(yaodu) && s.issuer.mentions(yaodu) && s.supervisor.mentions(yaodu),
      );
      const change = streams.county.changes.find((c) => c.assignments.includes(yaodu));
      expect(change?.directives).toContain(directiveId);
      // Two more looks: a stream that may not see the assignment still has not heard of it.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(streams.sibling.mentions(yaodu)).toBe(false);
      expect(streams.elsewhere.mentions(yaodu)).toBe(false);
      expect(streams.elsewhereSupervisor.mentions(yaodu)).toBe(false);
      expect(streams.elsewhere.changes.flatMap((c) => c.directives)).not.toContain(directiveId);
    } finally {
      await Promise.all(Object.values(streams).map((s) => s.close()));
    }
  });

  it("tells the province's clerk of a county two levels down, through its city's forward, and not a city outside the chain", async () => {
    const { d2 } = await issueAndForward(h(), Date.now());
    const yaodu = workflowIds.assignment(d2, '141002');
    const streams = {
      province: await openStream('140000'),
      city: await openStream('141000'),
      otherCity: await openStream('140100'),
    };
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await h().post(`/api/assignments/${encodeURIComponent(yaodu)}/acknowledge`, {}, ['141002'])).status).toBe(
        200,
      );
      await eventually(
        async () => streams,
        (s) => s.province.mentions(yaodu) && s.city.mentions(yaodu),
      );
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(streams.otherCity.mentions(yaodu)).toBe(false);
    } finally {
      await Promise.all(Object.values(streams).map((s) => s.close()));
    }
  });

  // Last in this file: it closes the streams' controller as the app's shutdown does.
  it('ends the open streams when the app closes, and turns away a stream opened meanwhile', async () => {
    const open = await openStream('141000');
    const ended = (async () => {
      for (let i = 0; i < 100 && !open.done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      return open.done();
    })();
    const late = await h().post('/api/notifications/stream-ticket', {}, ['141002']);
    h().app.get(NotificationStreamController).onModuleDestroy();
    expect(await ended).toBe(true);
    const response = await fetch(
      `${h().baseUrl}/api/notifications/stream?ticket=${encodeURIComponent(late.body.ticket)}`,
    );
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toContain('稍后重新连接');
    await open.close();
  });
});
