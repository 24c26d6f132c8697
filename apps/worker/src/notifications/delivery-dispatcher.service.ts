import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type NotificationDeliveryEntity,
  NotificationDeliveriesRepository,
  NotificationsRepository,
  NotificationSubscriptionsRepository,
} from '@cascade/persistence';
import { assignmentLink } from './channels/message-format';
import {
  backoffMs,
  DELIVERY_CHANNELS,
  type DeliveryChannels,
  RETRY_POLICIES,
  type RetryPolicy,
} from './delivery-channels';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';

/** What one delivery round did. */
export interface DeliveryResult {
  sent: number;
  retrying: number;
  dead: number;
}

/** Deliveries sent at once in a round: a slow SMTP server or robot does not serialise the others. */
const CONCURRENCY = 16;

/** Sends due deliveries through their channels; a failure waits its channel's backoff, then goes dead. */
@Injectable()
export class DeliveryDispatcher {
  private readonly logger = new Logger(DeliveryDispatcher.name);

  constructor(
    private readonly deliveries: NotificationDeliveriesRepository,
    private readonly outbox: NotificationsRepository,
    private readonly subscriptions: NotificationSubscriptionsRepository,
    @Inject(DELIVERY_CHANNELS) private readonly channels: DeliveryChannels,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  /** Retry policies by channel. */
  policies: Record<string, RetryPolicy> = RETRY_POLICIES;

  /** Sends up to `limit` due deliveries. */
  async dispatchDue(limit = 200): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, retrying: 0, dead: 0 };
    const due = await this.deliveries.due(limit);
    for (let i = 0; i < due.length; i += CONCURRENCY) {
      const outcomes = await Promise.all(due.slice(i, i + CONCURRENCY).map((delivery) => this.deliver(delivery)));
      for (const outcome of outcomes) if (outcome) result[outcome] += 1;
    }
    return result;
  }

  private async deliver(delivery: NotificationDeliveryEntity): Promise<keyof DeliveryResult | null> {
    if (!(await this.deliveries.claim(delivery))) return null;
    const attempts = delivery.attempts + 1;
    const [notification, subscription] = await Promise.all([
      this.outbox.byId(delivery.notificationId),
      this.subscriptions.get(delivery.subscriptionId),
    ]);
    const channel = this.channels.get(delivery.channel);
    const refusal = !notification
      ? '通知已不存在'
      : !subscription
        ? '订阅已删除'
        : !channel
          ? `渠道 ${delivery.channel} 未配置`
          : null;
    if (refusal || !notification || !subscription || !channel) {
      await this.deliveries.markDead(delivery.id, refusal ?? '');
      return 'dead';
    }
    try {
      const directiveId = await this.outbox.directiveOf(notification.eventId);
      await channel.send(
        { ...notification, link: directiveId ? assignmentLink(this.settings.publicUrl, directiveId) : null },
        { address: delivery.address, secret: subscription.secret },
      );
      await this.deliveries.markSent(delivery.id, Date.now());
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const policy = this.policies[delivery.channel] ?? RETRY_POLICIES.webhook;
      if (attempts >= policy.maxAttempts) {
        await this.deliveries.markDead(delivery.id, message);
        this.logger.warn(`delivery ${delivery.id} (${delivery.channel}) dead after ${attempts} attempts: ${message}`);
        return 'dead';
      }
      await this.deliveries.markRetry(delivery.id, message, Date.now() + backoffMs(policy, attempts));
      return 'retrying';
    }
  }
}
