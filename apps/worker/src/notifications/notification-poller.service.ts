import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import { NotificationDispatcher } from './notification-dispatcher.service';

/** How often the worker routes the outbox and sends due deliveries. */
export const NOTIFICATION_POLL_INTERVAL_MS = 5_000;
const ROUTE_BATCH = 500;
const DELIVERY_BATCH = 200;
/** Bounds a round, so shutdown and the next interval are never far away. */
const MAX_BATCHES_PER_ROUND = 20;

/** Runs the dispatchers periodically in the worker process: outbox first, then deliveries; rounds never overlap. */
@Injectable()
export class NotificationPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationPoller.name);
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly deliveries: DeliveryDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), NOTIFICATION_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round, unless the previous one is still running. */
  tick(): Promise<void> {
    this.round ??= this.drain()
      .catch((error: unknown) => this.logger.error(`notification dispatch failed: ${String(error)}`))
      .finally(() => {
        this.round = null;
      });
    return this.round;
  }

  /** Batches until a short one: a storm is worked off at once, not one batch per interval. */
  private async drain(): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND && !this.stopping; batch += 1) {
      const { sent, failed } = await this.dispatcher.dispatchPending(ROUTE_BATCH);
      if (sent + failed < ROUTE_BATCH) break;
    }
    for (let batch = 0; batch < MAX_BATCHES_PER_ROUND && !this.stopping; batch += 1) {
      const { sent, retrying, dead } = await this.deliveries.dispatchDue(DELIVERY_BATCH);
      if (sent + retrying + dead < DELIVERY_BATCH) break;
    }
  }
}
