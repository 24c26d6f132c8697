import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsString,
  Matches,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { Optional } from './optional';
import { parseDurationSpec } from '@cascade/domain';

const TIME_PART = String.raw`T(?:\d{1,6}H(?:\d{1,8}M)?(?:\d{1,10}(?:\.\d{1,3})?S)?|\d{1,8}M(?:\d{1,10}(?:\.\d{1,3})?S)?|\d{1,10}(?:\.\d{1,3})?S)`;
/**
 * The durations the API takes, exactly: `Nwd`, or ISO-8601 weeks, days and time parts (no years or
 * months), each part bounded so the total stays a safe number of milliseconds.
 */
export const DURATION_PATTERN = new RegExp(
  String.raw`^(?:\d{1,4}wd|P(?:\d{1,4}W(?:\d{1,5}D)?(?:${TIME_PART})?|\d{1,5}D(?:${TIME_PART})?|${TIME_PART}))$`,
);

function isDuration(value: unknown): boolean {
  if (typeof value !== 'string' || !DURATION_PATTERN.test(value)) return false;
  try {
    parseDurationSpec(value);
    return true;
  } catch {
    return false;
  }
}

/** An ISO-8601 duration (PT30S, P2D) or working days (2wd), as the policy of libs/contracts takes. */
export function IsDurationSpec(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDurationSpec',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [DURATION_PATTERN],
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must hold ISO-8601 durations (PT30S, P2D) or working days (2wd)`,
        ...options,
      },
      validator: { validate: isDuration },
    });
}

/** An RFC 3339 instant with seconds and its offset, e.g. `2024-11-20T18:00:00+08:00`, in the years 1900–2199. */
export const ISO_INSTANT =
  /^(19|2[01])\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
export function IsInstant(): PropertyDecorator {
  const message = ({ property }: ValidationArguments) =>
    `${property} must be an ISO-8601 instant with a time zone, e.g. 2024-11-20T18:00:00+08:00`;
  return (target: object, propertyName: string | symbol) => {
    Matches(ISO_INSTANT, { message })(target, propertyName);
    // Also a real calendar date and time (no 30 February, no hour 25).
    IsISO8601({ strict: true, strictSeparator: true }, { message })(target, propertyName);
  };
}

/** DirectivePolicy of libs/contracts; every field defaults to DEFAULT_POLICY. */
export class PolicyDto {
  @ApiPropertyOptional({ example: '1wd', description: 'Acknowledge within, after delivery' })
  @Optional()
  @IsString()
  @IsDurationSpec()
  ackWithin?: string;

  @ApiPropertyOptional({ type: [String], example: ['3wd', '1wd'], description: 'Reminders before the deadline' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsDurationSpec({ each: true })
  remindBefore?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['PT0S', '2wd', '5wd'],
    description: 'Escalation levels 1..3 after the deadline',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsDurationSpec({ each: true })
  ladder?: string[];

  @ApiPropertyOptional({ example: 'PT4H', description: 'Least time between two urges (催办) of one assignment' })
  @Optional()
  @IsString()
  @IsDurationSpec()
  urgeInterval?: string;

  @ApiPropertyOptional({ description: 'A forwarding unit may report only after all its subordinates have' })
  @Optional()
  @IsBoolean()
  requireChildrenBeforeReport?: boolean;
}
