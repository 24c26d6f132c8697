import { HttpStatus, UnprocessableEntityException } from '@nestjs/common';
import type { FormProblem } from '@cascade/domain';

/** 422 in the API's error shape, naming each wrong field of a form or its values. */
export function assertNoFormProblems(problems: FormProblem[], summary: string): void {
  if (!problems.length) return;
  throw new UnprocessableEntityException({
    statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
    code: 'VALIDATION_FAILED',
    message: `${summary}：${problems[0]!.message}${problems.length > 1 ? ` 等 ${problems.length} 处` : ''}`,
    fields: problems,
  });
}
