import type { OutgoingNotification } from '../notification-channel';

/** The dashboard page of an assignment: its directive's page, where the unit's 处理笺 is. */
export function assignmentLink(publicUrl: string | null | undefined, directiveId: string): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}/directives/${encodeURIComponent(directiveId)}`;
}

/** Plain text: the body, then the link on its own line. */
export function plainText(notification: OutgoingNotification): string {
  return notification.link ? `${notification.body}\n\n查看详情：${notification.link}\n` : `${notification.body}\n`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A small HTML page for mail clients: subject as heading, body, and a link button. */
export function html(notification: OutgoingNotification): string {
  const link = notification.link ? `<p><a href="${escapeHtml(notification.link)}">查看详情</a></p>` : '';
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>',
    `<h2>${escapeHtml(notification.subject)}</h2>`,
    `<p>${escapeHtml(notification.body)}</p>`,
    link,
    '</body></html>',
  ].join('');
}

/** Markdown of the robots (钉钉 and 企业微信 render a subset): bold subject, body, link. */
export function markdown(notification: OutgoingNotification): string {
  const lines = [`**${notification.subject}**`, '', notification.body];
  if (notification.link) lines.push('', `[查看详情](${notification.link})`);
  return lines.join('\n');
}
