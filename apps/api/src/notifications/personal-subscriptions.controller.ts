import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller } from '../auth/caller';
import {
  CreatePersonalSubscriptionDto,
  SubscriptionDto,
  SubscriptionListDto,
  UpdatePersonalSubscriptionDto,
} from './notification.dto';
import { PersonalSubscriptionsService } from './personal-subscriptions.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/subscriptions')
export class PersonalSubscriptionsController {
  constructor(private readonly personal: PersonalSubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in person's own subscriptions (their mailbox or mobile)" })
  @ApiOkResponse({ type: SubscriptionListDto })
  async list(@CurrentCaller() caller: Caller): Promise<SubscriptionListDto> {
    return { items: await this.personal.list(caller) };
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: "Adds a subscription of the signed-in person: their unit's messages also to them" })
  @ApiOkResponse({ type: SubscriptionDto })
  create(@CurrentCaller() caller: Caller, @Body() body: CreatePersonalSubscriptionDto): Promise<SubscriptionDto> {
    return this.personal.create(caller, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Changes one of the signed-in person’s subscriptions' })
  @ApiOkResponse({ type: SubscriptionDto })
  update(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: UpdatePersonalSubscriptionDto,
  ): Promise<SubscriptionDto> {
    return this.personal.update(caller, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Removes one of the signed-in person’s subscriptions' })
  @ApiNoContentResponse()
  async remove(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    await this.personal.remove(caller, id);
  }
}
