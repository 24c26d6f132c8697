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
      return EMAIL.test(address) ? null : 'address 必须是邮箱地址';
    case 'sms':
      return MOBILE.test(address.replace(/[\s-]/g, '')) ? null : 'address 必须是手机号（11 位，可带 +86）';
    case 'webhook':
    case 'dingtalk':
    case 'wecom': {
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        return 'address 必须是 http 或 https 网址';
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'address 必须是 http 或 https 网址';
      if (channel === 'webhook' && !secret) return 'Webhook 订阅必须设置签名密钥 secret';
      return null;
    }
  }
}
