import type { SubscriptionChannel } from './entities/notification-subscription.entity';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const MOBILE = /^(\+86)?1[3-9]\d{9}$/;

/**
 * Why `address` (and `secret`) cannot serve `channel`, in Chinese, or null when they can. The API and the CLI
 * both check subscriptions with it.
 */
export function subscriptionRefusal(
  channel: SubscriptionChannel,
  address: string,
  secret: string | null,
): string | null {
  switch (channel) {
    case 'email':
      return EMAIL.test(address) ? null : '请填写正确的邮箱地址，如 bgs@example.gov.cn';
    case 'sms':
      return MOBILE.test(address.replace(/[\s-]/g, '')) ? null : '请填写正确的手机号（11 位，可带 +86）';
    case 'webhook':
    case 'dingtalk':
    case 'wecom': {
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        return '地址必须是以 http:// 或 https:// 开头的网址';
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return '地址必须是以 http:// 或 https:// 开头的网址';
      if (channel === 'webhook' && !secret) return '通用 Webhook 必须设置签名密钥，接收方用它验证消息来自本系统';
      return null;
    }
  }
}
