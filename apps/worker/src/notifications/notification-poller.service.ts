import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliveryDispatcher } from './delivery-dispatcher.service';
import { NotificationDispatcher } from './notification-dispatcher.service';

/** How often the worker routes the outbox and sends due deliveries. */
export const NOTIFICATION_POLL_INTERVAL_MS = 5_000;

/** Runs the dispatchers periodically in the worker process: outbox first, then deliveries; rounds never overlap. */
@Injectable()
export class NotificationPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationPoller.name);
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(
    private readonly dispatcher: NotificationDispatcher,
    private readonly deliveries: DeliveryDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), NOTIFICATION_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  /** One round, unless the previous one is still running. */
  tick(): Promise<void> {
    this.round ??= this.dispatcher
      .dispatchPending()
      .then(() => this.deliveries.dispatchDue())
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error(`notification dispatch failed: ${String(error)}`))
      .finally(() => {
        this.round = null;
      });
    return this.round;
  }
}
