import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Request } from 'express';
import { type Observable } from 'rxjs';
import { type NoticeFileFormat } from '@cascade/domain/notice-files';
import { MAX_NOTICE_TEXT_LENGTH } from './parse-notice.dto';
import { isMultipart, noticeTextOfUpload, receiveNoticeUpload } from './notice-upload';

/** The file a notice was read from, kept on the request for the answer. */
export interface ImportedNoticeFile {
  fileName: string | null;
  format: NoticeFileFormat;
  pages: number | null;
  text: string;
}

export type RequestWithNoticeFile = Request & { noticeFile?: ImportedNoticeFile };

/**
 * Turns a multipart upload into the JSON body the route validates ({ text, issuedOn }): runs after
 * the guards (nobody unauthenticated gets a file read) and before the validation pipe.
 */
@Injectable()
export class NoticeFileInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<RequestWithNoticeFile>();
    if (isMultipart(request)) {
      const upload = await receiveNoticeUpload(request);
      const read = await noticeTextOfUpload(upload);
      if (read.text.length > MAX_NOTICE_TEXT_LENGTH)
        throw new UnprocessableEntityException(
          `文件中的文字有 ${read.text.length} 字，超过一份通知的上限 ${MAX_NOTICE_TEXT_LENGTH} 字`,
        );
      request.body = { text: read.text, ...(upload.issuedOn !== undefined ? { issuedOn: upload.issuedOn } : {}) };
      request.noticeFile = { fileName: upload.fileName, ...read };
    }
    return next.handle();
  }
}
