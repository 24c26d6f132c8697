import { useEffect, useState } from 'react';
import { api, ok } from './api';

/** Wait before a lost stream is opened again with a fresh ticket. */
const REOPEN_MS = 3000;

/** What changed, as the server may tell this person: pages showing any of it refetch. */
export interface LiveChange {
  directives: string[];
  assignments: string[];
  /** Too much changed to list: every page refetches. */
  all?: boolean;
}

/**
 * The one live stream of the signed-in person (Server-Sent Events): the unread count of the unit's 消息中心
 * and the directives and assignments that changed. An EventSource sends no Authorization header, so each
 * stream is opened with a single-use ticket fetched with the caller's credentials; a stream that breaks
 * (server restart, ticket used) is reopened with a new ticket. It is open while some part of the page
 * listens, and reopened when the person signs in as another unit.
 */
class LiveStream {
  private source: EventSource | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private users = 0;
  private generation = 0;
  connected = false;
  private readonly changeListeners = new Set<(change: LiveChange) => void>();
  private readonly unreadListeners = new Set<(unread: number) => void>();
  private readonly stateListeners = new Set<(connected: boolean) => void>();

  /** Keeps the stream open until the returned function is called. */
  acquire(): () => void {
    this.users += 1;
    if (this.users === 1) void this.open();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.users -= 1;
      if (this.users === 0) this.close();
    };
  }

  private unit: string | null = null;

  /** The signed-in unit: a stream opened for another one is replaced (what it may be told differs). */
  signedInAs(unitCode: string): void {
    const before = this.unit;
    this.unit = unitCode;
    if (before === null || before === unitCode || this.users === 0) return;
    this.close();
    void this.open();
  }

  onChange(listener: (change: LiveChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onUnread(listener: (unread: number) => void): () => void {
    this.unreadListeners.add(listener);
    return () => this.unreadListeners.delete(listener);
  }

  onState(listener: (connected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.stateListeners.forEach((listener) => listener(connected));
  }

  private close(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.source?.close();
    this.source = null;
    this.setConnected(false);
  }

  private reopen(generation: number): void {
    if (generation !== this.generation) return;
    this.source?.close();
    this.source = null;
    this.setConnected(false);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.open(), REOPEN_MS);
  }

  private async open(): Promise<void> {
    const generation = ++this.generation;
    try {
      const { ticket } = await ok(api.POST('/api/notifications/stream-ticket'));
      if (generation !== this.generation || this.users === 0) return;
      const source = new EventSource(`/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
      this.source = source;
      source.onopen = () => {
        if (generation === this.generation) this.setConnected(true);
      };
      source.addEventListener('unread', (event) => {
        const { unread } = JSON.parse((event as MessageEvent<string>).data) as { unread: number };
        this.unreadListeners.forEach((listener) => listener(unread));
      });
      source.addEventListener('changed', (event) => {
        const change = JSON.parse((event as MessageEvent<string>).data) as LiveChange;
        this.changeListeners.forEach((listener) => listener(change));
      });
      source.onerror = () => this.reopen(generation);
    } catch {
      this.reopen(generation);
    }
  }
}

export const liveStream = new LiveStream();

/** Whether the live stream is open; pages poll only while it is not. */
export function useLiveConnected(): boolean {
  const [connected, setConnected] = useState(liveStream.connected);
  useEffect(() => {
    const release = liveStream.acquire();
    const stop = liveStream.onState(setConnected);
    setConnected(liveStream.connected);
    return () => {
      stop();
      release();
    };
  }, []);
  return connected;
}

/** The unread count of the caller's unit's 消息中心, pushed live. */
export function useUnreadCount(unitCode: string): [number | null, (unread: number) => void] {
  const [unread, setUnread] = useState<number | null>(null);

  useEffect(() => {
    liveStream.signedInAs(unitCode);
    const release = liveStream.acquire();
    const stop = liveStream.onUnread(setUnread);
    return () => {
      stop();
      release();
    };
  }, [unitCode]);

  return [unread, setUnread];
}
