import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationDeliveriesRepository } from '@cascade/persistence';
import { type Caller, CurrentCaller } from '../auth/caller';
import { pageWindow } from '../common/paging.dto';
import {
  CreateSubscriptionDto,
  DeliveryPageDto,
  ListDeliveriesQueryDto,
  ListSubscriptionsQueryDto,
  RetriedDto,
  RetryDeliveriesDto,
  SubscriptionDto,
  SubscriptionListDto,
  UpdateSubscriptionDto,
} from './notification.dto';
import { NotificationAdminService, toDeliveryDto } from './notification-admin.service';

function requireAdmin(caller: Caller): void {
  if (caller.role !== 'admin') throw new ForbiddenException('只有系统管理员可以管理消息订阅与投递');
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationAdminController {
  constructor(
    private readonly admin: NotificationAdminService,
    private readonly deliveries: NotificationDeliveriesRepository,
  ) {}

  @Get('subscriptions')
  @ApiOperation({ summary: 'Subscriptions (admin): which unit or person gets which kinds on which channel' })
  @ApiOkResponse({ type: SubscriptionListDto })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListSubscriptionsQueryDto): Promise<SubscriptionListDto> {
    requireAdmin(caller);
    return { items: await this.admin.list(query.unit) };
  }

  @Post('subscriptions')
  @ApiOperation({ summary: 'Adds a subscription (admin)' })
  @ApiOkResponse({ type: SubscriptionDto })
  @HttpCode(HttpStatus.CREATED)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateSubscriptionDto): Promise<SubscriptionDto> {
    requireAdmin(caller);
    return this.admin.create(body);
  }

  @Patch('subscriptions/:id')
  @ApiOperation({ summary: 'Changes a subscription (admin)' })
  @ApiOkResponse({ type: SubscriptionDto })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: UpdateSubscriptionDto,
  ): Promise<SubscriptionDto> {
    requireAdmin(caller);
    return this.admin.update(id, body);
  }

  @Delete('subscriptions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Removes a subscription (admin); its pending deliveries go dead' })
  @ApiNoContentResponse()
  async remove(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    requireAdmin(caller);
    await this.admin.remove(id);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Deliveries by status (admin); DEAD is the dead-letter list' })
  @ApiOkResponse({ type: DeliveryPageDto })
  async deliveriesList(
    @CurrentCaller() caller: Caller,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<DeliveryPageDto> {
    requireAdmin(caller);
    const page = await this.deliveries.list(query.status ?? 'DEAD', pageWindow(query));
    return { total: page.total, items: page.items.map(toDeliveryDto) };
  }

  @Post('deliveries/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Dead deliveries back to the queue with fresh attempts (admin)' })
  @ApiOkResponse({ type: RetriedDto })
  async retry(@CurrentCaller() caller: Caller, @Body() body: RetryDeliveriesDto): Promise<RetriedDto> {
    requireAdmin(caller);
    return { retried: await this.deliveries.retryDead(body.ids ?? 'all') };
  }
}
