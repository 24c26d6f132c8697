import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { isRefusalCode } from '@cascade/contracts';
import type { Response } from 'express';
import { CannotExecuteNotConnectedError, ConnectionIsNotSetError, QueryFailedError } from 'typeorm';
import { type ErrorBody, toErrorBody } from './api-error';

export type { ErrorBody } from './api-error';

/** Refusals that are not a state conflict (409): rule violations (422) and unknown things (404). */
const REFUSAL_STATUS: Partial<Record<string, number>> = {
  DEADLINE_PAST: HttpStatus.UNPROCESSABLE_ENTITY,
  DEADLINE_TOO_LATE: HttpStatus.UNPROCESSABLE_ENTITY,
  NO_SUCH_AMENDMENT: HttpStatus.NOT_FOUND,
  NO_SUCH_REQUEST: HttpStatus.NOT_FOUND,
};

const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
]);
// gRPC DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and UNAVAILABLE: the engine cannot be reached or is overloaded now.
const ENGINE_DOWN_GRPC_CODES = new Set([4, 8, 14]);
const GRPC_FAILED_PRECONDITION = 9;
/** The Temporal client's message for a failed UpdateWorkflowExecution call. */
const UPDATE_FAILED = 'Workflow Update failed';

/** Whether an error means the database cannot be reached (503), not that a query is wrong (500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionIsNotSetError || error instanceof CannotExecuteNotConnectedError) return true;
  const driver: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driver as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) return true;
  // Duck-typed: errors of native drivers may come from another realm (instanceof Error fails).
  const message = (driver as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return false;
  return /Pool is closed|connection is not open|Connection is not established|Can't add new command when connection is in closed state/i.test(
    message,
  );
}

function isEngineUnavailable(error: unknown): boolean {
  if (!(error instanceof ServiceError)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && ENGINE_DOWN_GRPC_CODES.has(code);
}

/**
 * An Update the engine gave up on before the workflow accepted it, because the workflow's task failed
 * or timed out (e.g. a new worker still replaying a long history): gRPC FAILED_PRECONDITION
 * ("workflow not ready"). Nothing happened, and the same request succeeds once the task does.
 */
function isUpdateAbortedByTaskFailure(error: unknown): boolean {
  if (!(error instanceof ServiceError) || error.message !== UPDATE_FAILED) return false;
  return (error.cause as { code?: unknown } | undefined)?.code === GRPC_FAILED_PRECONDITION;
}

/** The innermost message of an Update failure: the workflow validator's (Chinese) reason. */
function updateReason(error: WorkflowUpdateFailedError): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error && cause.message === '') cause = cause.cause;
  return cause instanceof Error && cause.message ? cause.message : error.message;
}

/** Maps an error to an HTTP answer; null for an unknown error (a bug: 500). */
export function mapKnownError(error: unknown): ErrorBody | null {
  if (error instanceof HttpException) return toErrorBody(error.getStatus(), error.getResponse());
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    // Refusals are told apart by their code (the failure's type), never by their message.
    const refusal = cause instanceof ApplicationFailure && isRefusalCode(cause.type) ? cause : null;
    if (refusal?.type === 'BUSY') {
      // Not the operation's answer: the assignment is busy with an earlier one. A client may retry soon.
      return { statusCode: HttpStatus.CONFLICT, code: refusal.type, message: refusal.message, retryable: true };
    }
    if (refusal?.type === 'URGE_THROTTLED') {
      const nextAllowedAt = Number(refusal.details?.[0]);
      return {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        code: refusal.type,
        message: refusal.message,
        nextAllowedAt: new Date(nextAllowedAt).toISOString(),
      };
    }
    const status = (refusal && REFUSAL_STATUS[refusal.type ?? '']) ?? HttpStatus.CONFLICT;
    return toErrorBody(status, { code: refusal?.type ?? 'CONFLICT', message: updateReason(error) });
  }
  if (error instanceof WorkflowNotFoundError)
    return { statusCode: HttpStatus.NOT_FOUND, code: 'NOT_FOUND', message: '流程不存在或已结束' };
  if (isDatabaseUnavailable(error))
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'SERVICE_UNAVAILABLE',
      message: '数据库暂时不可用，请稍后重试',
    };
  if (isEngineUnavailable(error))
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'SERVICE_UNAVAILABLE',
      message: '流程引擎暂时不可用，请稍后重试',
    };
  if (isUpdateAbortedByTaskFailure(error))
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'SERVICE_UNAVAILABLE',
      message: '流程正在恢复，暂时不能办理，请稍后重试',
      retryable: true,
    };
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    // The engine did not answer in time (overload): the operation may still complete. A retry with the
    // same Idempotency-Key reuses the same Update id, so it gets that outcome instead of acting twice.
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'SERVICE_UNAVAILABLE',
      message: '流程引擎繁忙，未能及时答复，请稍后用同一请求重试',
      retryable: true,
    };
  }
  return null;
}

/**
 * Every error leaves as JSON `{statusCode, code, message, fields?}`: client errors keep their 4xx,
 * outages are 503, anything else is a logged 500 whose body never carries a stack trace.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    let body = mapKnownError(exception);
    if (!body) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      body = { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: '服务器内部错误' };
    } else if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn(`${body.message}: ${exception instanceof Error ? exception.message : String(exception)}`);
    }
    if (body.retryable === true && !response.headersSent) response.setHeader('Retry-After', '1');
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }
}
