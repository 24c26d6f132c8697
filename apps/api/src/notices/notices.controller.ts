import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type ParsedNotice, parseNotice } from '@cascade/domain';
import { ParsedNoticeDto, ParseNoticeDto } from './parse-notice.dto';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  @Post('parse')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Read a notice: 文号, title, issuer, recipients, forwards, attachments, contacts, obligations',
  })
  @ApiOkResponse({ type: ParsedNoticeDto })
  parse(@Body() body: ParseNoticeDto): ParsedNotice {
    return parseNotice(body.text, { issuedOn: body.issuedOn ?? null });
  }
}
