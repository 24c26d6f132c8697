import { ApplicationFailure } from '@temporalio/workflow';
import type { Refusal } from './refusals';

/** A refusal as the failure of an Update: typed by its code (the API maps codes, never messages), never retried. */
export function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: refusal.code,
    message: refusal.message,
    nonRetryable: true,
    ...(refusal.retryAt !== undefined ? { details: [refusal.retryAt] } : {}),
  });
}
