import {
  BadRequestException,
  HttpException,
  HttpStatus,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import {
  MAX_NOTICE_FILE_BYTES,
  NoticeFileError,
  type NoticeFileFormat,
  readNoticeFile,
} from '@cascade/domain/notice-files';

/** A notice file received in a multipart request, with the form's issuedOn. */
export interface NoticeUpload {
  fileName: string | null;
  bytes: Buffer;
  issuedOn: string | undefined;
}

const FIELDS = new Set(['issuedOn']);
const LIMIT_MB = MAX_NOTICE_FILE_BYTES / 1024 / 1024;

export const isMultipart = (request: Request): boolean =>
  /^multipart\/form-data/i.test(request.headers['content-type'] ?? '');

/**
 * Streams a multipart body: exactly one part "file" (at most {@link MAX_NOTICE_FILE_BYTES}) and
 * an optional "issuedOn" field. Anything else is a 400/413 with a Chinese message.
 */
export function receiveNoticeUpload(request: Request): Promise<NoticeUpload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        // A part "file" sent without a file name arrives as a field: it is the file all the same.
        limits: { files: 1, fields: 4, fileSize: MAX_NOTICE_FILE_BYTES, fieldSize: MAX_NOTICE_FILE_BYTES },
        defParamCharset: 'utf8',
      });
    } catch {
      reject(new BadRequestException('multipart 请求格式无效（缺少 boundary）'));
      return;
    }
    let failure: HttpException | null = null;
    const fail = (error: HttpException) => {
      failure ??= error;
    };
    const chunks: Buffer[] = [];
    let fileName: string | null = null;
    let files = 0;
    let issuedOn: string | undefined;
    parser.on('file', (name, stream, info) => {
      files++;
      if (name !== 'file') {
        fail(new BadRequestException(`未知的文件字段 “${name}”，通知文件应放在字段 file 中`));
        stream.resume();
        return;
      }
      fileName = info.filename ?? null;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new PayloadTooLargeException(`文件过大，上限为 ${LIMIT_MB} MB`)));
    });
    parser.on('field', (name, value, info) => {
      if (name === 'file') {
        files++;
        if (files > 1) fail(new BadRequestException('一次只能上传一个通知文件'));
        else if (info.valueTruncated) fail(new PayloadTooLargeException(`文件过大，上限为 ${LIMIT_MB} MB`));
        else chunks.push(Buffer.from(value, 'utf8'));
      } else if (!FIELDS.has(name)) fail(new BadRequestException(`未知的表单字段 “${name}”`));
      else if (value.length > 64) fail(new BadRequestException('issuedOn 应为 YYYY-MM-DD 格式的日期'));
      else issuedOn = value === '' ? undefined : value;
    });
    parser.on('filesLimit', () => fail(new BadRequestException('一次只能上传一个通知文件')));
    parser.on('fieldsLimit', () => fail(new BadRequestException('表单字段过多')));
    parser.on('error', () => reject(new BadRequestException('multipart 请求体不完整或格式无效')));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (files === 0) reject(new BadRequestException('请在字段 file 中上传通知文件'));
      else resolve({ fileName, bytes: Buffer.concat(chunks), issuedOn });
    });
    request.pipe(parser);
  });
}

const STATUS: Record<NoticeFileError['problem'], HttpStatus> = {
  unsupported: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  unreadable: HttpStatus.UNPROCESSABLE_ENTITY,
  'too-large': HttpStatus.PAYLOAD_TOO_LARGE,
};

/** The text of an uploaded file; a format we do not read is 415, a broken or empty file 422. */
export async function noticeTextOfUpload(
  upload: NoticeUpload,
): Promise<{ text: string; format: NoticeFileFormat; pages: number | null }> {
  try {
    return await readNoticeFile(upload.bytes);
  } catch (error) {
    if (!(error instanceof NoticeFileError)) throw error;
    const status = STATUS[error.problem];
    if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) throw new UnsupportedMediaTypeException(error.message);
    if (status === HttpStatus.PAYLOAD_TOO_LARGE) throw new PayloadTooLargeException(error.message);
    throw new UnprocessableEntityException(error.message);
  }
}
