import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type InboxMessageView, InboxMessagesRepository } from '@cascade/persistence';
import { type Caller, CurrentCaller } from '../auth/caller';
import { toIso } from '../common/instants';
import { pageWindow, PagingQueryDto } from '../common/paging.dto';
import { InboxReadersService } from './inbox-readers.service';
import { InboxMessageDto, InboxPageDto, MarkedReadDto, UnreadCountDto } from './notification.dto';

function toInboxMessageDto(row: InboxMessageView): InboxMessageDto {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    directiveId: row.directiveId,
    createdAt: toIso(row.createdAt),
    readAt: toIso(row.readAt),
  };
}

/** The 消息中心: the messages of the caller's unit, each read (or not) by the caller on its own. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications/inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxMessagesRepository,
    private readonly readers: InboxReadersService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's unit's 消息中心, newest first, with what the caller has not read" })
  @ApiOkResponse({ type: InboxPageDto })
  async list(@CurrentCaller() caller: Caller, @Query() query: PagingQueryDto): Promise<InboxPageDto> {
    const { limit, offset } = pageWindow(query);
    const reader = await this.readers.of(caller);
    const [page, unread] = await Promise.all([
      this.inbox.list(reader, { limit, offset }),
      this.inbox.unreadCount(reader),
    ]);
    return { items: page.items.map(toInboxMessageDto), total: page.total, unread };
  }

  @Get('unread-count')
  @ApiOperation({ summary: "Messages of the caller's unit the caller has not read" })
  @ApiOkResponse({ type: UnreadCountDto })
  async unread(@CurrentCaller() caller: Caller): Promise<UnreadCountDto> {
    return { unread: await this.inbox.unreadCount(await this.readers.of(caller)) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Marks every message of the caller's unit read by the caller" })
  @ApiOkResponse({ type: MarkedReadDto })
  async readAll(@CurrentCaller() caller: Caller): Promise<MarkedReadDto> {
    const marked = await this.inbox.markAllRead(await this.readers.of(caller));
    return { marked, unread: 0 };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Marks one message read' })
  @ApiOkResponse({ type: MarkedReadDto })
  async read(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<MarkedReadDto> {
    const reader = await this.readers.of(caller);
    if (!(await this.inbox.markRead(reader, id))) {
      throw new NotFoundException({ code: 'NOT_FOUND', message: '本单位没有这条消息' });
    }
    return { marked: 1, unread: await this.inbox.unreadCount(reader) };
  }
}
