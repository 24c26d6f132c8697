import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { parseDurationSpec } from '@cascade/domain';

function isDuration(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 32) return false;
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
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must hold ISO-8601 durations (PT30S, P2D) or working days (2wd)`,
        ...options,
      },
      validator: { validate: isDuration },
    });
}

/** An instant with its time zone, e.g. `2024-11-20T18:00:00+08:00`. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
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
  @IsOptional()
  @IsString()
  @IsDurationSpec()
  ackWithin?: string;

  @ApiPropertyOptional({ type: [String], example: ['3wd', '1wd'], description: 'Reminders before the deadline' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsDurationSpec({ each: true })
  remindBefore?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['PT0S', '2wd', '5wd'],
    description: 'Escalation levels 1..3 after the deadline',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsDurationSpec({ each: true })
  ladder?: string[];

  @ApiPropertyOptional({ description: 'A forwarding unit may report only after all its subordinates have' })
  @IsOptional()
  @IsBoolean()
  requireChildrenBeforeReport?: boolean;

  @ApiPropertyOptional({ example: 'PT4H', description: 'Least time between two manual urges (催办) of one assignment' })
  @IsOptional()
  @IsString()
  @IsDurationSpec()
  urgeInterval?: string;
}
