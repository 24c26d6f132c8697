import { createHmac } from 'node:crypto';
import type { ChannelTarget, NotificationChannel, OutgoingNotification } from '../notification-channel';
import { postJson, requireRobotOk } from './http-post';
import { markdown } from './message-format';

/**
 * 钉钉 custom robot's signature (加签): Base64 of HMAC-SHA256(secret, `${timestamp}\n${secret}`), the
 * timestamp in milliseconds; both go into the webhook URL's query. 钉钉 refuses timestamps more than an hour off.
 */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The robot's URL with `timestamp` and `sign` added (URLSearchParams does the URL-encoding). */
export function dingtalkSignedUrl(webhook: string, secret: string, timestamp: number): string {
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(timestamp));
  url.searchParams.set('sign', dingtalkSign(secret, timestamp));
  return url.toString();
}

/** 钉钉 group custom robot: a markdown message, signed when the robot has a secret. */
export class DingtalkNotificationChannel implements NotificationChannel {
  readonly name = 'dingtalk';

  constructor(private readonly clock: () => number = Date.now) {}

  async send(notification: OutgoingNotification, target: ChannelTarget): Promise<void> {
    const url = target.secret ? dingtalkSignedUrl(target.address, target.secret, this.clock()) : target.address;
    const body = JSON.stringify({
      msgtype: 'markdown',
      markdown: { title: notification.subject, text: markdown(notification) },
    });
    requireRobotOk(await postJson(url, body), '钉钉机器人');
  }
}
