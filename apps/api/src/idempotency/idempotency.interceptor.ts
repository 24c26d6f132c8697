import {
  BadRequestException,
  type CallHandler,
  ConflictException,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  type NestInterceptor,
  UnprocessableEntityException,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Request, Response } from 'express';
import { concatMap, defer, finalize, from, type Observable, of, catchError, throwError } from 'rxjs';
import { IDEMPOTENCY_CLAIM_RENEW_MS, IdempotencyKeysRepository, sha256Hex } from '@cascade/persistence';
import { runInIdempotencyScope } from '@cascade/temporal';
import type { AuthenticatedRequest } from '../auth/caller';
import { type ErrorBody, mapKnownError } from '../common/api-exception.filter';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Header set on an answer replayed from the first request with the same key. */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';
const SETTLE_RETRY_FIRST_MS = 250;
const SETTLE_RETRY_MAX_MS = 4_000;
/** How long an answer not recorded (the database refused) is tried again in the background. */
const SETTLE_RETRY_WINDOW_MS = 120_000;
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Writes that change nothing: no key is recorded for them. */
export const READ_ONLY_POSTS = new Set(['/api/notices/parse']);

/** JSON with object keys sorted, so the same body sent twice hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Answers worth keeping for a retry: successes and client errors, not outages, bugs or throttling,
 * nor 404: an assignment just delivered may not be in the read model yet, nothing ran, and a retry
 * with the same key must be able to act once it is there.
 */
function isFinal(status: number): boolean {
  return (
    status < 500 &&
    status !== HttpStatus.TOO_MANY_REQUESTS &&
    status !== HttpStatus.REQUEST_TIMEOUT &&
    status !== HttpStatus.NOT_FOUND
  );
}

/** Whether an error is the request's answer, kept under its key; else the claim is released for a retry. */
export function isFinalAnswer(body: ErrorBody): boolean {
  return isFinal(body.statusCode) && body.retryable !== true;
}

/**
 * `Idempotency-Key` on every POST under /api (but the read-only notice parser): the first answer
 * (status and body) is recorded per caller and key for 24 h; a retry with the same key and the same
 * request gets that answer again (header `Idempotent-Replayed: true`) and runs nothing; the same key
 * with another method, path or body is 422; a retry while the first still runs is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly keys: IdempotencyKeysRepository) {}

  /**
   * Records a claim's outcome. When the database refuses, the request is answered at once and the
   * recording retried in the background for a while: a retry in the meantime meets the claim "in
   * progress" (409) until its lease ends, then runs again and gets the same outcome from the
   * workflow (the Update id is the key's).
   */
  private async settle(record: () => Promise<void>): Promise<void> {
    try {
      await record();
    } catch (error) {
      this.logger.warn(`answer not recorded, retrying in the background: ${String(error)}`);
      void this.retryInBackground(record, Date.now() + SETTLE_RETRY_WINDOW_MS);
    }
  }

  private async retryInBackground(record: () => Promise<void>, giveUpAt: number): Promise<void> {
    for (
      let delay = SETTLE_RETRY_FIRST_MS;
      Date.now() + delay < giveUpAt;
      delay = Math.min(delay * 2, SETTLE_RETRY_MAX_MS)
    ) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      try {
        await record();
        return;
      } catch {
        // still down: try again
      }
    }
    this.logger.warn('answer never recorded: a retry runs the write again');
  }

  /** Keeps a claim's lease alive while its request runs, so only a dead process's claims expire. */
  private renewWhileRunning<T>(claimId: string, run: () => Observable<T>): Observable<T> {
    return defer(() => {
      const renewal = setInterval(() => {
        this.keys.renew(claimId).catch((error: unknown) => this.logger.warn(`claim not renewed: ${String(error)}`));
      }, IDEMPOTENCY_CLAIM_RENEW_MS);
      renewal.unref();
      return run().pipe(finalize(() => clearInterval(renewal)));
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    const caller = request.caller;
    if (header === undefined || request.method !== 'POST' || READ_ONLY_POSTS.has(request.path) || !caller)
      return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (Array.isArray(header) || !KEY_PATTERN.test(key))
      throw new BadRequestException('Idempotency-Key 须为 1–255 个可见 ASCII 字符');

    const requestHash = sha256Hex(`${request.method}\n${request.originalUrl}\n${canonicalJson(request.body ?? null)}`);
    const successStatus =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? HttpStatus.CREATED;

    return from(this.keys.claim(caller.tokenId, key, requestHash)).pipe(
      concatMap((claim) => {
        switch (claim.outcome) {
          case 'mismatch':
            return throwError(() => new UnprocessableEntityException('该 Idempotency-Key 已用于另一个请求'));
          case 'in-progress':
            response.setHeader('Retry-After', '1');
            return throwError(() => new ConflictException('使用该 Idempotency-Key 的请求仍在处理，请稍后重试'));
          case 'replay':
            response.setHeader(IDEMPOTENT_REPLAY_HEADER, 'true');
            if (claim.statusCode >= 400)
              return throwError(() => new HttpException(claim.body as Record<string, unknown>, claim.statusCode));
            return of(claim.body);
          case 'claimed':
            return this.renewWhileRunning(claim.id, () =>
              runInIdempotencyScope(caller.tokenId, key, requestHash, () => next.handle()),
            ).pipe(
              // The write happened: its answer goes out even when recording it fails (the database just went
              // down); recording is retried in the background so a retry soon finds the answer, not the claim.
              concatMap((body: unknown) =>
                from(this.settle(() => this.keys.complete(claim.id, successStatus, body)).then(() => body)),
              ),
              catchError((error: unknown) => {
                const known = mapKnownError(error);
                const settle =
                  known && isFinalAnswer(known)
                    ? () => this.keys.complete(claim.id, known.statusCode, known)
                    : () => this.keys.release(claim.id);
                // The write's own error is the answer even when recording it fails (e.g. the database just went down).
                return from(this.settle(settle)).pipe(concatMap(() => throwError(() => error)));
              }),
            );
        }
      }),
    );
  }
}
