import { LogNotificationChannel } from './log-notification.channel';
import type { NotificationChannel } from './notification-channel';

/**
 * The one place that chooses the notification channel. Only the log channel exists: SMTP needs a
 * mail library the project does not install yet, and would be chosen here from its configuration.
 */
export function createNotificationChannel(): NotificationChannel {
  return new LogNotificationChannel();
}
