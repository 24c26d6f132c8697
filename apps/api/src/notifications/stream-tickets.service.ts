import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { InboxReader } from '@cascade/persistence';
import type { LiveViewer } from '../live/live-changes.service';

/** How long a ticket may wait before the EventSource opens the stream with it. */
export const STREAM_TICKET_TTL_MS = 60_000;

/** Who a ticket was issued to: the reader whose unread count the stream pushes; its unit, path and role decide which changes it is told. */
export type StreamTicketHolder = InboxReader & LiveViewer;

/**
 * Short-lived, single-use tickets for the live Server-Sent Events stream (消息中心 and changes). An EventSource cannot
 * send an Authorization header, and a bearer token in a URL would land in access logs and history; so the
 * dashboard trades its token (in a normal authorized POST) for a random ticket that opens one stream within
 * a minute and is useless afterwards. Tickets live in this process: with several API processes behind a load
 * balancer, the ticket request and the stream must reach the same one (sticky sessions), or a shared store is
 * needed.
 */
@Injectable()
export class StreamTicketsService {
  private readonly tickets = new Map<string, StreamTicketHolder & { expiresAt: number }>();

  issue(holder: StreamTicketHolder, now = Date.now()): { ticket: string; expiresAt: number } {
    this.sweep(now);
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = now + STREAM_TICKET_TTL_MS;
    this.tickets.set(ticket, { ...holder, expiresAt });
    return { ticket, expiresAt };
  }

  /** The holder of a live ticket, which is used up; null for an unknown, used or expired one. */
  redeem(ticket: string, now = Date.now()): StreamTicketHolder | null {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!entry || entry.expiresAt < now) return null;
    const { expiresAt: _expiresAt, ...holder } = entry;
    return holder;
  }

  private sweep(now: number): void {
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt < now) this.tickets.delete(ticket);
  }
}
