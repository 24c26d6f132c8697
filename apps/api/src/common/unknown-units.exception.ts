import { HttpStatus, UnprocessableEntityException } from '@nestjs/common';

/** 422: the request names units the registry does not know. */
export class UnknownUnitsException extends UnprocessableEntityException {
  constructor(readonly codes: string[]) {
    super({
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      message: `未知单位：${codes.join('、')}`,
      unknownUnits: codes,
    });
  }
}
