import { Matches } from 'class-validator';

/** What a unit code may be (as `cascade units import` takes it): 1–32 letters, digits, - or _. */
export const UNIT_CODE = /^[0-9A-Za-z_-]{1,32}$/;
/** Comma-separated unit codes, at most 200. */
export const UNIT_CODE_LIST = /^[0-9A-Za-z_-]{1,32}(,[0-9A-Za-z_-]{1,32}){0,199}$/;

/** A unit code (or, with `each`, every item a unit code). */
export function IsUnitCode(options: { each?: boolean } = {}): PropertyDecorator {
  return Matches(UNIT_CODE, options);
}
