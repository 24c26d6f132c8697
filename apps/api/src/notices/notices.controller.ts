import { Body, Controller, HttpCode, HttpStatus, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtension,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { parseNotice } from '@cascade/domain';
import { MEDIA_TYPE_SCHEMAS } from '../common/openapi-contract';
import { NoticeFileInterceptor, type RequestWithNoticeFile } from './notice-file.interceptor';
import { NOTICE_FILE_SCHEMA, ParsedNoticeDto, ParseNoticeDto } from './parse-notice.dto';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  @Post('parse')
  @HttpCode(HttpStatus.OK)
  @UseInterceptors(NoticeFileInterceptor)
  @ApiOperation({
    summary: 'Read a notice: 文号, title, issuer, recipients, forwards, attachments, contacts, obligations',
    description:
      'JSON { text, issuedOn? }, or multipart/form-data with a file (.docx, .pdf with a text layer, .ofd, .txt in UTF-8 or GB18030; at most 20 MB; the format is told by content) and an optional issuedOn.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: ParseNoticeDto })
  @ApiExtension(MEDIA_TYPE_SCHEMAS, { 'multipart/form-data': NOTICE_FILE_SCHEMA })
  @ApiOkResponse({ type: ParsedNoticeDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'The file is not a DOCX, PDF, OFD or text file' })
  @ApiUnprocessableEntityResponse({ description: 'The file is broken, encrypted or has no text (a scan)' })
  @ApiPayloadTooLargeResponse({ description: 'The file is over 20 MB' })
  parse(@Body() body: ParseNoticeDto, @Req() request: RequestWithNoticeFile): ParsedNoticeDto {
    return { ...parseNotice(body.text, { issuedOn: body.issuedOn ?? null }), imported: request.noticeFile ?? null };
  }
}
