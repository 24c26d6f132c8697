import type { TimelineEvent } from '../api';
import { EVENT_LABELS, formatDateTime, ROLE_LABELS } from '../format';

export function Timeline({ events }: { events: TimelineEvent[] }) {
  if (events.length === 0) return <p className="empty">暂无留痕。</p>;
  const newestFirst = [...events].reverse();
  return (
    <ol className="timeline" aria-label="留痕时间线">
      {newestFirst.map((event) => (
        <li key={event.id} className={`event event-${event.type.toLowerCase()}`}>
          <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
          <span className="event-type">{EVENT_LABELS[event.type] ?? event.type}</span>
          {event.unitName && <span className="event-unit">{event.unitName}</span>}
          {event.actorRole && event.actorRole !== 'system' && (
            <span className="muted small">
              （{event.actorName ? `经办人 ${event.actorName}` : (ROLE_LABELS[event.actorRole] ?? event.actorRole)}）
            </span>
          )}
          {event.detail && <span className="event-detail">{event.detail}</span>}
        </li>
      ))}
    </ol>
  );
}
