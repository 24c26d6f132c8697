import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  NOTIFICATION_KINDS,
  type NotificationKind,
  SUBSCRIPTION_CHANNELS,
  type SubscriptionChannel,
} from '@cascade/persistence';
import { Optional } from '../common/optional';
import { PagingQueryDto } from '../common/paging.dto';
import { IsUnitCode } from '../common/unit-code';

/** A message of the caller's 消息中心. */
export class InboxMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, description: '所涉公文；消息链接到它的页面' }) directiveId!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxMessageDto] }) items!: InboxMessageDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unread!: number;
}

export class UnreadCountDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) unread!: number;
}

export class MarkedReadDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: '本次标为已读的条数' }) marked!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unread!: number;
}

/** Body of POST /notifications/subscriptions. */
export class CreateSubscriptionDto {
  @ApiProperty({ example: '141000' })
  @IsString()
  @IsUnitCode()
  unitCode!: string;

  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS })
  @IsIn(SUBSCRIPTION_CHANNELS)
  channel!: SubscriptionChannel;

  @ApiProperty({ description: '邮箱地址、Webhook/机器人网址或手机号', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address!: string;

  @ApiPropertyOptional({ type: String, description: 'Webhook 与钉钉机器人的签名密钥；不会返回', maxLength: 255 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  secret?: string;

  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true, description: '接收的消息类型' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  kinds!: NotificationKind[];

  @ApiPropertyOptional({ default: true, description: '非工作时间只发紧急督办，其余顺延到下一个工作时间' })
  @Optional()
  @IsBoolean()
  quietHours?: boolean;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

/** Body of PATCH /notifications/subscriptions/:id: what changes. */
export class UpdateSubscriptionDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ type: String, maxLength: 255 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  secret?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, isArray: true })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ArrayUnique()
  @IsIn(NOTIFICATION_KINDS, { each: true })
  kinds?: NotificationKind[];

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  quietHours?: boolean;

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class SubscriptionDto {
  @ApiProperty() id!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ type: String, nullable: true, description: '个人订阅所属的人；单位订阅为 null' }) personId!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: '个人订阅所属人的姓名' }) personName!: string | null;
  @ApiProperty({ enum: SUBSCRIPTION_CHANNELS }) channel!: SubscriptionChannel;
  @ApiProperty() address!: string;
  @ApiProperty({ description: '是否设置了签名密钥（密钥本身不返回）' }) hasSecret!: boolean;
  @ApiProperty({ enum: NOTIFICATION_KINDS, isArray: true }) kinds!: NotificationKind[];
  @ApiProperty() quietHours!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class SubscriptionListDto {
  @ApiProperty({ type: [SubscriptionDto] }) items!: SubscriptionDto[];
}

export class ListSubscriptionsQueryDto {
  @ApiPropertyOptional({ description: '只列出该单位的订阅' })
  @Optional()
  @IsString()
  @IsUnitCode()
  unit?: string;
}

export class ListDeliveriesQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, default: 'DEAD' })
  @Optional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class DeliveryDto {
  @ApiProperty({ description: '幂等键' }) id!: string;
  @ApiProperty() notificationId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() recipientUnit!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty({ type: 'integer', minimum: 0 }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
}

/** Body of POST /notifications/deliveries/retry. */
export class RetryDeliveriesDto {
  @ApiPropertyOptional({ type: [String], description: '要重试的死信投递；省略则重试全部死信' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ids?: string[];
}

export class RetriedDto {
  @ApiProperty({ type: 'integer', minimum: 0 }) retried!: number;
}

export class StreamTicketDto {
  @ApiProperty({ description: '一次性凭证，60 秒内用于打开消息推送' }) ticket!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class StreamQueryDto {
  @ApiProperty({ description: 'POST /notifications/stream-ticket 取得的一次性凭证', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  ticket!: string;
}

/** Channels a person may receive on for themselves: their own mailbox and mobile. */
export const PERSONAL_CHANNELS = ['email', 'sms'] as const;

/** Body of POST /me/subscriptions: where the signed-in person receives their unit's messages. */
export class CreatePersonalSubscriptionDto extends PickType(CreateSubscriptionDto, ['kinds', 'quietHours'] as const) {
  @ApiProperty({ enum: PERSONAL_CHANNELS })
  @IsIn(PERSONAL_CHANNELS)
  channel!: (typeof PERSONAL_CHANNELS)[number];

  @ApiProperty({ description: '本人的邮箱地址或手机号', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  address!: string;
}

/** Body of PATCH /me/subscriptions/:id: what changes (a person's subscriptions have no secret). */
export class UpdatePersonalSubscriptionDto extends OmitType(UpdateSubscriptionDto, ['secret'] as const) {}
