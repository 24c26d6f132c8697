import type { ChannelTarget, NotificationChannel, OutgoingNotification } from '../notification-channel';
import { postJson, requireRobotOk } from './http-post';
import { markdown } from './message-format';

/** 企业微信 markdown content may not exceed 4096 bytes of UTF-8. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;

/** Cuts text to at most `max` bytes of UTF-8 without splitting a character. */
function truncateUtf8(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch + '…') > max) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * 企业微信 group robot: the webhook URL (`…/cgi-bin/webhook/send?key=…`) is its only credential, so it is
 * stored like a secret; messages are markdown.
 */
export class WecomNotificationChannel implements NotificationChannel {
  readonly name = 'wecom';

  async send(notification: OutgoingNotification, target: ChannelTarget): Promise<void> {
    const body = JSON.stringify({
      msgtype: 'markdown',
      markdown: { content: truncateUtf8(markdown(notification), WECOM_MARKDOWN_MAX_BYTES) },
    });
    requireRobotOk(await postJson(target.address, body), '企业微信机器人');
  }
}
