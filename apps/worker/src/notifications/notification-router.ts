import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WorkCalendarSource } from '@cascade/calendar';
import {
  InboxMessagesRepository,
  NotificationDeliveriesRepository,
  type NotificationKind,
  NotificationsRepository,
  NotificationSubscriptionsRepository,
} from '@cascade/persistence';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from './notification-settings';
import { nextOfficeInstant } from './office-hours';
import type { NotificationChannel, OutgoingNotification } from './notification-channel';

/** Kinds that go out at any hour: 督办 (every level) cannot wait for the morning. */
export const URGENT_KINDS: ReadonlySet<NotificationKind> = new Set(['ESCALATION']);

/** The idempotency key of a delivery: event, recipient, channel and address. */
export function deliveryKey(eventId: string, recipientUnit: string, channel: string, address: string): string {
  return createHash('sha256')
    .update(JSON.stringify([eventId, recipientUnit, channel, address]))
    .digest('hex');
}

/**
 * The outbox's channel: writes the 消息中心 message (the in-app channel) and one delivery per matching
 * subscription, each at most once however often the outbox row is routed. The deliveries are sent by the
 * DeliveryDispatcher, so a channel being down delays only its own deliveries.
 */
@Injectable()
export class NotificationRouter implements NotificationChannel {
  readonly name = 'routed';

  constructor(
    private readonly outbox: NotificationsRepository,
    private readonly inbox: InboxMessagesRepository,
    private readonly subscriptions: NotificationSubscriptionsRepository,
    private readonly deliveries: NotificationDeliveriesRepository,
    private readonly calendars: WorkCalendarSource,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
  ) {}

  async send(notification: OutgoingNotification): Promise<void> {
    const row = notification;
    const now = Date.now();
    await this.inbox.addMissing({
      id: row.id,
      unitCode: row.recipientUnit,
      kind: row.kind,
      subject: row.subject,
      body: row.body,
      directiveId: await this.outbox.directiveOf(row.eventId),
      createdAt: row.createdAt ?? now,
    });
    const subscriptions = await this.subscriptions.receiving(row.recipientUnit, row.kind);
    if (subscriptions.length === 0) return;
    const urgent = URGENT_KINDS.has(row.kind);
    const calendar = await this.calendars.current();
    await this.deliveries.addMissing(
      subscriptions.map((subscription) => ({
        id: deliveryKey(row.eventId, row.recipientUnit, subscription.channel, subscription.address),
        notificationId: row.id,
        eventId: row.eventId,
        recipientUnit: row.recipientUnit,
        subscriptionId: subscription.id,
        channel: subscription.channel,
        address: subscription.address,
        nextAttemptAt:
          subscription.quietHours && !urgent
            ? nextOfficeInstant(now, calendar.assumingWeekdays(), this.settings.officeHours)
            : now,
      })),
      now,
    );
  }
}
