// Chinese names of what the notification admin pages show; the API speaks in codes.
import type { ApiSchemas } from '@cascade/api-client';

export type NotificationKind = ApiSchemas['SubscriptionDto']['kinds'][number];
export type SubscriptionChannel = ApiSchemas['SubscriptionDto']['channel'];
export type DeliveryStatus = ApiSchemas['DeliveryDto']['status'];

export const KIND_LABELS: Record<NotificationKind, string> = {
  DELIVERED: '新公文待签收',
  REMINDER: '催报提醒',
  ESCALATION: '督办（含通报）',
  URGED: '催办',
  REPORT_SUBMITTED: '下级已报送',
  REPORT_RETURNED: '报送被退回',
  EXTENSION_REQUESTED: '延期申请',
  EXTENSION_DECIDED: '延期审批结果',
  DEADLINE_CHANGED: '期限变更',
  AMENDMENT: '公文修改',
  WITHDRAWN: '公文撤回',
  FORWARD_FLAGGED: '层层加码提示',
};

export const CHANNEL_LABELS: Record<SubscriptionChannel, string> = {
  email: '电子邮件',
  webhook: '通用 Webhook',
  dingtalk: '钉钉群机器人',
  wecom: '企业微信群机器人',
  sms: '短信',
};

/** What the address field holds for each channel, as the form's hint says it. */
export const ADDRESS_HINTS: Record<SubscriptionChannel, string> = {
  email: '邮箱地址，如 bgs@example.gov.cn',
  webhook: '接收地址（https://…），请求以 HMAC-SHA256 签名',
  dingtalk: '钉钉自定义机器人的 Webhook 地址',
  wecom: '企业微信群机器人的 Webhook 地址',
  sms: '手机号',
};

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  PENDING: '待发送',
  SENT: '已发送',
  DEAD: '投递失败（死信）',
};
