import type { DeliveryDispatcher } from './delivery-dispatcher.service';
import type { NotificationDispatcher } from './notification-dispatcher.service';
import { NotificationPoller } from './notification-poller.service';

describe('NotificationPoller', () => {
  it('never runs two dispatch rounds at once, and survives a failing round', async () => {
    let release: () => void = () => undefined;
    const dispatchPending = jest
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve({ sent: 1, failed: 0 }))))
      .mockRejectedValueOnce(new Error('database gone'))
      .mockResolvedValue({ sent: 0, failed: 0 });
    const dispatchDue = jest.fn().mockResolvedValue({ sent: 0, retrying: 0, dead: 0 });
    const poller = new NotificationPoller(
      { dispatchPending } as unknown as NotificationDispatcher,
      { dispatchDue } as unknown as DeliveryDispatcher,
    );

    const first = poller.tick();
    const overlapping = poller.tick();
    expect(dispatchPending).toHaveBeenCalledTimes(1);
    release();
    await Promise.all([first, overlapping]);

    await expect(poller.tick()).resolves.toBeUndefined();
    await poller.tick();
    expect(dispatchPending).toHaveBeenCalledTimes(3);
    expect(dispatchDue).toHaveBeenCalledTimes(2);
  });

  it('works off a storm in one round: batches until a short one', async () => {
    const dispatchPending = jest
      .fn()
      .mockResolvedValueOnce({ sent: 500, failed: 0 })
      .mockResolvedValueOnce({ sent: 499, failed: 1 })
      .mockResolvedValue({ sent: 3, failed: 0 });
    const dispatchDue = jest
      .fn()
      .mockResolvedValueOnce({ sent: 150, retrying: 40, dead: 10 })
      .mockResolvedValue({ sent: 0, retrying: 0, dead: 0 });
    const poller = new NotificationPoller(
      { dispatchPending } as unknown as NotificationDispatcher,
      { dispatchDue } as unknown as DeliveryDispatcher,
    );

    await poller.tick();
    expect(dispatchPending).toHaveBeenCalledTimes(3);
    expect(dispatchDue).toHaveBeenCalledTimes(2);
  });
});
