import { ValidateIf } from 'class-validator';

/**
 * An optional field: absent is fine, but when present (null included) it must pass its rules.
 * class-validator's IsOptional also lets null through, which the document cannot state for a field
 * that is a string or a boolean when given.
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
