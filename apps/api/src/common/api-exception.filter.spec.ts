import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isFinalAnswer } from '../idempotency/idempotency.interceptor';
import { mapKnownError } from './api-exception.filter';

const refused = (cause: Error) => new WorkflowUpdateFailedError('Workflow Update failed', cause);

describe('refusals of workflow Updates as HTTP answers', () => {
  it('answers a busy assignment 409, marked retryable, and keeps no answer under the Idempotency-Key', () => {
    const body = mapKnownError(
      refused(
        ApplicationFailure.create({ type: 'BUSY', message: '正在处理上一项操作，请稍后再试', nonRetryable: true }),
      ),
    );
    expect(body).toEqual({ statusCode: 409, code: 'BUSY', message: '正在处理上一项操作，请稍后再试', retryable: true });
    expect(isFinalAnswer(body!)).toBe(false);
  });

  it('answers a typed refusal 409 with its message, as the final answer', () => {
    const body = mapKnownError(
      refused(
        ApplicationFailure.create({ type: 'ALREADY_REPORTED', message: '已报送，不能重复报送', nonRetryable: true }),
      ),
    );
    expect(body).toEqual({ statusCode: 409, code: 'ALREADY_REPORTED', message: '已报送，不能重复报送' });
    expect(isFinalAnswer(body!)).toBe(true);
  });

  it('answers a refusal naming a missing amendment or request 404, with its code', () => {
    const body = mapKnownError(
      refused(ApplicationFailure.create({ type: 'NO_SUCH_AMENDMENT', message: '没有第 7 版更正', nonRetryable: true })),
    );
    expect(body).toEqual({ statusCode: 404, code: 'NO_SUCH_AMENDMENT', message: '没有第 7 版更正' });
  });

  it('answers a plain validator error 409 with its message', () => {
    expect(mapKnownError(refused(new Error('只有发文单位可以撤回或更正公文')))).toEqual({
      statusCode: 409,
      code: 'CONFLICT',
      message: '只有发文单位可以撤回或更正公文',
    });
  });

  it('answers a throttled urge 429 with the instant the next urge is allowed', () => {
    const nextAllowedAt = Date.UTC(2026, 11, 1, 8, 0);
    const body = mapKnownError(
      refused(
        ApplicationFailure.create({
          type: 'URGE_THROTTLED',
          message: '催办过于频繁，2026-12-01 16:00 后可再次催办',
          nonRetryable: true,
          details: [nextAllowedAt],
        }),
      ),
    );
    expect(body).toEqual({
      statusCode: 429,
      code: 'URGE_THROTTLED',
      message: '催办过于频繁，2026-12-01 16:00 后可再次催办',
      nextAllowedAt: '2026-12-01T08:00:00.000Z',
    });
  });

  it('maps the type, not the message: a busy message under another code is a final 409', () => {
    const body = mapKnownError(
      refused(
        ApplicationFailure.create({
          type: 'ALREADY_FORWARDED',
          message: '正在处理上一项操作，请稍后再试',
          nonRetryable: true,
        }),
      ),
    );
    expect(body).toEqual({ statusCode: 409, code: 'ALREADY_FORWARDED', message: '正在处理上一项操作，请稍后再试' });
  });

  it('answers an Update the engine did not answer in time 503 with Retry-After, and keeps no answer', () => {
    const body = mapKnownError(
      new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded', {
        cause: new Error('4 DEADLINE_EXCEEDED'),
      }),
    );
    expect(body).toMatchObject({ statusCode: 503, retryable: true });
    expect(isFinalAnswer(body!)).toBe(false);
  });

  it('answers an overloaded or unreachable engine 503 (gRPC 4, 8, 14), a wrong request to it stays a bug (500)', () => {
    const grpc = (code: number) =>
      new ServiceError('engine call failed', { cause: Object.assign(new Error(`${code}`), { code }) });
    expect([4, 8, 14].map((code) => mapKnownError(grpc(code))?.statusCode)).toEqual([503, 503, 503]);
    expect(mapKnownError(grpc(3))).toBeNull();
  });

  it('answers an Update aborted because the workflow task failed (gRPC 9) 503, retryable; other calls with 9 stay 500', () => {
    const failedPrecondition = Object.assign(new Error('9 FAILED_PRECONDITION'), { code: 9 });
    const body = mapKnownError(new ServiceError('Workflow Update failed', { cause: failedPrecondition }));
    expect(body).toMatchObject({ statusCode: 503, retryable: true, message: '流程正在恢复，暂时不能办理，请稍后重试' });
    expect(isFinalAnswer(body!)).toBe(false);
    expect(mapKnownError(new ServiceError('Failed to start Workflow', { cause: failedPrecondition }))).toBeNull();
  });

  it('keeps no answer for what a retry may change: 404 before projection, 429, 503', () => {
    expect([404, 429, 503].map((statusCode) => isFinalAnswer({ statusCode, code: 'X', message: '' }))).toEqual([
      false,
      false,
      false,
    ]);
    expect([400, 403, 422].map((statusCode) => isFinalAnswer({ statusCode, code: 'X', message: '' }))).toEqual([
      true,
      true,
      true,
    ]);
  });
});
