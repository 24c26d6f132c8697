import { useEffect, useState } from 'react';
import { api, ok } from './api';

/** Wait before a lost stream is opened again with a fresh ticket. */
const REOPEN_MS = 3000;

/**
 * The unread count of the caller's unit's 消息中心, pushed live over Server-Sent Events. An EventSource sends
 * no Authorization header, so each stream is opened with a single-use ticket fetched with the bearer token; a
 * stream that breaks (server restart, ticket used) is reopened with a new ticket.
 */
export function useUnreadCount(unitCode: string): [number | null, (unread: number) => void] {
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const reopen = () => {
      source?.close();
      source = null;
      if (!stopped) timer = setTimeout(() => void open(), REOPEN_MS);
    };
    const open = async () => {
      try {
        const { ticket } = await ok(api.POST('/api/notifications/stream-ticket'));
        if (stopped) return;
        source = new EventSource(`/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
        source.addEventListener('unread', (event) => {
          setUnread((JSON.parse((event as MessageEvent<string>).data) as { unread: number }).unread);
        });
        source.onerror = reopen;
      } catch {
        reopen();
      }
    };
    void open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [unitCode]);

  return [unread, setUnread];
}
