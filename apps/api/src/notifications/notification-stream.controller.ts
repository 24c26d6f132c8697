import {
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  type OnModuleDestroy,
  Post,
  Query,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { InboxMessagesRepository } from '@cascade/persistence';
import { type Caller, CurrentCaller } from '../auth/caller';
import { Public } from '../auth/public.decorator';
import { ErrorDto } from '../common/api-error';
import { toIso } from '../common/instants';
import { LiveChangesService } from '../live/live-changes.service';
import { StreamTicketDto, StreamQueryDto } from './notification.dto';
import { InboxReadersService } from './inbox-readers.service';
import { StreamTicketsService } from './stream-tickets.service';

/** How often an open stream looks for a changed unread count (the worker writes messages in its own process). */
export const STREAM_POLL_MS = 2_000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;
/** Streams end after this; the dashboard opens a new one with a fresh ticket. */
const STREAM_LIFETIME_MS = 30 * 60_000;

@ApiTags('notifications')
@Controller('notifications')
export class NotificationStreamController implements OnModuleDestroy {
  /**
   * Open streams with what stops their timers, ended when the app closes (an open response would hold
   * the server's close, and its timers would go on reading a closed database).
   */
  private readonly open = new Map<Response, () => void>();

  constructor(
    private readonly tickets: StreamTicketsService,
    private readonly inbox: InboxMessagesRepository,
    private readonly readers: InboxReadersService,
    private readonly live: LiveChangesService,
  ) {}

  /** Set once the app closes: a stream a browser reconnects meanwhile is turned away, not left running. */
  private closing = false;

  onModuleDestroy(): void {
    this.closing = true;
    for (const [response, stop] of this.open) {
      stop();
      response.end();
    }
  }

  @Post('stream-ticket')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "A single-use ticket (valid 60 s) to open the live stream of the caller's unit and role" })
  @ApiOkResponse({ type: StreamTicketDto })
  async ticket(@CurrentCaller() caller: Caller): Promise<StreamTicketDto> {
    const { ticket, expiresAt } = this.tickets.issue({
      ...(await this.readers.of(caller)),
      unitPath: caller.unitPath,
      role: caller.role,
    });
    return { ticket, expiresAt: toIso(expiresAt) };
  }

  @Get('stream')
  @Public()
  @ApiOperation({
    summary:
      "Server-Sent Events of the ticket holder: `unread` with {unread} when its unit's unread count changes; `changed` with {directives, assignments, all?} when directives or assignments it may see change, so the page refetches them (the ticket replaces the bearer token)",
  })
  @ApiOkResponse({
    description:
      '`event: unread` / `data: {"unread": n}`; `event: changed` / `data: {"directives": [id…], "assignments": [id…]}`',
    content: {
      'text/event-stream': {
        // One Server-Sent Event: `data` is the JSON text of {unread} or of the change.
        schema: {
          type: 'object',
          properties: { event: { type: 'string', enum: ['unread', 'changed'] }, data: { type: 'string' } },
          required: ['data'],
        },
      },
    },
  })
  @ApiUnauthorizedResponse({ type: ErrorDto, description: 'The ticket is unknown, used or expired' })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'The API is shutting down: reconnect later' })
  async stream(@Query() query: StreamQueryDto, @Res() response: Response): Promise<void> {
    const holder = this.tickets.redeem(query.ticket);
    if (!holder) throw new UnauthorizedException('消息推送凭证无效或已过期，请重新获取');
    if (this.closing) throw new ServiceUnavailableException('服务正在重启，请稍后重新连接');
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    let last = -1;
    let closed = false;
    const push = async () => {
      const unread = await this.inbox.unreadCount(holder).catch(() => last);
      if (closed || unread === last) return;
      last = unread;
      response.write(`event: unread\ndata: ${JSON.stringify({ unread })}\n\n`);
    };
    const poll = setInterval(() => void push(), STREAM_POLL_MS);
    const unsubscribe = this.live.subscribe(holder, (change) => {
      if (!closed) response.write(`event: changed\ndata: ${JSON.stringify(change)}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const end = setTimeout(() => response.end(), STREAM_LIFETIME_MS);
    const stop = () => {
      closed = true;
      unsubscribe();
      this.open.delete(response);
      clearInterval(poll);
      clearInterval(heartbeat);
      clearTimeout(end);
    };
    this.open.set(response, stop);
    response.on('close', stop);
    response.write('retry: 3000\n\n');
    await push();
  }
}
