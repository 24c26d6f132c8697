import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtension,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Caller, CurrentCaller } from '../auth/caller';
import { planDownload, sendDownload } from './file-download';
import { FileStoreErrorsFilter } from './file-store-errors.filter';
import { DownloadQuery, FileMetaView, FileView, UploadFileForm, UploadQuery } from './files.dto';
import { FilesService } from './files.service';
import { RAW_UPLOAD_TYPE } from './multipart-upload';
import { MEDIA_TYPE_SCHEMAS } from '../common/openapi-contract';

@ApiTags('files')
@ApiBearerAuth()
@UseFilters(FileStoreErrorsFilter)
@Controller('files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Upload one file, streamed into the file store; private to the uploader’s unit until attached. Either multipart/form-data (field `file`, optional `name`) or the file itself as application/octet-stream with `?name=` (the faster path for large files)',
  })
  @ApiConsumes('multipart/form-data', RAW_UPLOAD_TYPE)
  @ApiBody({ type: UploadFileForm })
  @ApiExtension(MEDIA_TYPE_SCHEMAS, { [RAW_UPLOAD_TYPE]: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: FileView })
  @ApiPayloadTooLargeResponse({ description: 'Larger than CASCADE_FILE_MAX_BYTES (default 50 MB)' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Not PDF, OFD, DOC/DOCX, XLS/XLSX, WPS/ET, JPG/PNG, ZIP or UTF-8 text',
  })
  @ApiUnprocessableEntityResponse({ description: 'Empty file' })
  @ApiServiceUnavailableResponse({ description: 'The file store is down (Retry-After)' })
  upload(
    @CurrentCaller() caller: Caller,
    @Query() query: UploadQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FileView> {
    return this.files.upload(caller, request, response, query);
  }

  @Get(':id/meta')
  @ApiOperation({ summary: 'A file’s metadata and where it is attached (as far as the caller may see)' })
  @ApiOkResponse({ type: FileMetaView })
  @ApiNotFoundResponse({ description: 'No such file, or the caller may not read it' })
  meta(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<FileMetaView> {
    return this.files.meta(caller, id);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'Download a file (streamed; HEAD gives the headers only): ETag/If-None-Match → 304, one Range → 206 (416 outside the file); `?inline=1` to show it in the browser',
  })
  // The stored file's own type (PDF, DOCX, PNG …), told from its content at upload.
  @ApiProduces('*/*')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such file, or the caller may not read it' })
  @ApiServiceUnavailableResponse({ description: 'The file store is down (Retry-After)' })
  async download(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Query() query: DownloadQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.files.readableFile(caller, id);
    const plan = planDownload(request, response, file, query.wantsInline());
    await sendDownload(request, response, file, plan, (range) => this.files.openContent(file, range));
  }
}
