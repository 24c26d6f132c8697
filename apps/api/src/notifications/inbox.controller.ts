import { Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type InboxMessageEntity, InboxMessagesRepository } from '@cascade/persistence';
import { type Caller, CurrentCaller } from '../auth/caller';
import { toIso } from '../common/instants';
import { pageWindow, PagingQueryDto } from '../common/paging.dto';
import { InboxMessageDto, InboxPageDto, MarkedReadDto, UnreadCountDto } from './notification.dto';

function toInboxMessageDto(row: InboxMessageEntity): InboxMessageDto {
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

/** The caller's unit's 消息中心 (per unit: people and their own messages come with personal accounts). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxMessagesRepository) {}

  @Get()
  @ApiOperation({ summary: "The caller's unit's 消息中心, newest first, with its unread count" })
  @ApiOkResponse({ type: InboxPageDto })
  async list(@CurrentCaller() caller: Caller, @Query() query: PagingQueryDto): Promise<InboxPageDto> {
    const { limit, offset } = pageWindow(query);
    const [page, unread] = await Promise.all([
      this.inbox.list(caller.unitCode, { limit, offset }),
      this.inbox.unreadCount(caller.unitCode),
    ]);
    return { items: page.items.map(toInboxMessageDto), total: page.total, unread };
  }

  @Get('unread-count')
  @ApiOperation({ summary: "Unread messages of the caller's unit" })
  @ApiOkResponse({ type: UnreadCountDto })
  async unread(@CurrentCaller() caller: Caller): Promise<UnreadCountDto> {
    return { unread: await this.inbox.unreadCount(caller.unitCode) };
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Marks every message of the caller's unit read" })
  @ApiOkResponse({ type: MarkedReadDto })
  async readAll(@CurrentCaller() caller: Caller): Promise<MarkedReadDto> {
    const marked = await this.inbox.markAllRead(caller.unitCode);
    return { marked, unread: 0 };
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Marks one message read' })
  @ApiOkResponse({ type: MarkedReadDto })
  async read(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<MarkedReadDto> {
    if (!(await this.inbox.markRead(caller.unitCode, id))) {
      throw new NotFoundException({ code: 'NOT_FOUND', message: '本单位没有这条消息' });
    }
    return { marked: 1, unread: await this.inbox.unreadCount(caller.unitCode) };
  }
}
