import { applyDecorators, BadRequestException, HttpStatus, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/** A path parameter that must be a whole number within bounds; 400 VALIDATION_FAILED naming it otherwise. */
class BoundedIntPipe implements PipeTransform<string, number> {
  constructor(
    private readonly name: string,
    private readonly min: number,
    private readonly max: number,
  ) {}

  transform(value: string): number {
    const number = /^-?[0-9]{1,16}$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(number) && number >= this.min && number <= this.max) return number;
    const message = `${this.name} 必须是 ${this.min} 至 ${this.max} 之间的整数`;
    throw new BadRequestException({
      statusCode: HttpStatus.BAD_REQUEST,
      code: 'VALIDATION_FAILED',
      message: `请求参数有误：${message}`,
      fields: [{ field: this.name, message }],
    });
  }
}

/** `@IntParam('year', 1900, 2200)`: the parameter, validated, and declared as such in the OpenAPI document. */
export function IntParam(name: string, min: number, max: number): ParameterDecorator {
  return Param(name, new BoundedIntPipe(name, min, max));
}

/** The OpenAPI declaration of an {@link IntParam} (a method decorator). */
export function ApiIntParam(name: string, min: number, max: number): MethodDecorator {
  return applyDecorators(ApiParam({ name, schema: { type: 'integer', minimum: min, maximum: max } }));
}
