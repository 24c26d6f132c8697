import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { refuseWhenLimited } from './bearer-auth.guard';
import { SignInLimiter } from './failed-auth-limiter';
import { MeDto, SignInDto } from './me.dto';
import { MeService } from './me.service';
import { AccountLockedException, PeopleAuthService } from './people-auth.service';
import { Public } from './public.decorator';
import {
  clearSessionCookie,
  CSRF_VALUE,
  hasCsrfHeader,
  readCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from './session-cookie';

/** A cross-site form may not sign a browser in or out: the dashboard always sends the header. */
function requireCsrfHeader(request: Request): void {
  if (!hasCsrfHeader(request)) throw new ForbiddenException(`请求缺少 X-Requested-With: ${CSRF_VALUE} 请求头`);
}

@ApiTags('auth')
@Controller('auth')
export class SignInController {
  constructor(
    private readonly people: PeopleAuthService,
    private readonly me: MeService,
    private readonly limiter: SignInLimiter,
  ) {}

  @Post('sign-in')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Signs a person in with 账号 and password: sets the HttpOnly session cookie (needs X-Requested-With: cascade)',
  })
  @ApiOkResponse({ type: MeDto })
  @ApiUnauthorizedResponse({ description: '账号或密码错误 (the same answer for both)' })
  @ApiForbiddenResponse({ description: 'The account is disabled, or the X-Requested-With header is missing' })
  @ApiTooManyRequestsResponse({
    description: 'Locked after 5 wrong passwords in a row (code ACCOUNT_LOCKED), or too many failures from the address',
  })
  async signIn(
    @Body() body: SignInDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MeDto> {
    requireCsrfHeader(request);
    refuseWhenLimited(this.limiter, request, response);
    try {
      const signedIn = await this.people.signIn(body.login, body.password);
      setSessionCookie(request, response, signedIn.sessionId, signedIn.maxAgeMs);
      return this.me.ofPerson(signedIn.person);
    } catch (error) {
      if (error instanceof UnauthorizedException) this.limiter.recordFailure(request.ip ?? 'unknown');
      if (error instanceof AccountLockedException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }

  @Post('sign-out')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Ends the session of the cookie (if any) and clears the cookie' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiForbiddenResponse({ description: 'The X-Requested-With header is missing' })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    requireCsrfHeader(request);
    const session = readCookie(request, SESSION_COOKIE);
    if (session) await this.people.signOut(session);
    clearSessionCookie(request, response);
  }
}
