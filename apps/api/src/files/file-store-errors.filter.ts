import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { FileNotFoundError, StoreUnavailableError } from '@cascade/storage';

/** Seconds a client is asked to wait before it retries while the file store is down. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** The file store's own failures as answers: down → 503 with Retry-After; a row whose content is gone → a logged 500. */
@Catch(StoreUnavailableError, FileNotFoundError)
export class FileStoreErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Files');

  catch(error: StoreUnavailableError | FileNotFoundError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    if (error instanceof StoreUnavailableError) {
      this.logger.warn(`file store unavailable: ${error.message}`);
      response.setHeader('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
      response
        .status(HttpStatus.SERVICE_UNAVAILABLE)
        .json({ statusCode: HttpStatus.SERVICE_UNAVAILABLE, message: '文件存储暂时不可用，请稍后重试' });
      return;
    }
    this.logger.error(`file store has no content for a recorded file: ${error.message}`);
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: '文件内容缺失，请联系管理员' });
  }
}
