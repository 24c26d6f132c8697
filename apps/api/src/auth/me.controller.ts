import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type Caller, CurrentCaller } from './caller';
import { MeDto, PasswordChangeDto } from './me.dto';
import { MeService } from './me.service';
import { PeopleAuthService } from './people-auth.service';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly people: PeopleAuthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The caller: the person signed in (or the token), its unit and role' })
  @ApiOkResponse({ type: MeDto })
  get(@CurrentCaller() caller: Caller): Promise<MeDto> {
    return this.me.ofCaller(caller);
  }

  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Changes the signed-in person’s password; every other session of the person ends',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiUnprocessableEntityResponse({
    description: 'The current password is wrong (WRONG_PASSWORD) or the new one breaks the rules (RULE_VIOLATION)',
  })
  async changePassword(@CurrentCaller() caller: Caller, @Body() body: PasswordChangeDto): Promise<void> {
    await this.people.changePassword(caller, body.current, body.next);
  }
}
