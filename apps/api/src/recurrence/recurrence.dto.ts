import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RECURRENCE_FREQUENCIES, type Recurrence, type RecurrenceFrequency } from '@cascade/contracts';
import { Optional } from '../common/optional';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DUE_KINDS = ['dayOfMonth', 'days', 'workingDays'] as const;

export class RecurrenceDueDto {
  @ApiProperty({
    enum: DUE_KINDS,
    description:
      'dayOfMonth: day `day` of the `month`-th month after the period (次月15日前: month 1, day 15; 次年1月10日前 of a yearly duty: month 1, day 10); days / workingDays: `count` (working) days after the period (季后10日内)',
  })
  @IsIn(DUE_KINDS)
  kind!: (typeof DUE_KINDS)[number];

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 12, description: 'dayOfMonth: months after the period' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(12)
  month?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 31, description: 'dayOfMonth: the day' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(31)
  day?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 90, description: 'days / workingDays: how many' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(90)
  count?: number;
}

export class PeriodQuotaDto {
  @ApiProperty({ description: 'Key of a numeric field of the form', example: 'activities', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  field!: string;

  @ApiProperty({ description: 'Least figure per period and recipient (above 0)', example: 1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  min!: number;
}

/** 周期: the recurrence of a directive (月报, 季报, 年报). */
export class RecurrenceDto {
  @ApiProperty({ enum: RECURRENCE_FREQUENCIES })
  @IsIn(RECURRENCE_FREQUENCIES)
  frequency!: RecurrenceFrequency;

  @ApiProperty({ type: RecurrenceDueDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RecurrenceDueDto)
  due!: RecurrenceDueDto;

  @ApiProperty({ example: '2026-12-01', description: 'First day of the first period (YYYY-MM-DD)' })
  @IsString()
  @Matches(ISO_DATE, { message: '开始日期须为 YYYY-MM-DD' })
  start!: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Last day on which a period may begin (YYYY-MM-DD)' })
  @Optional()
  @IsString()
  @Matches(ISO_DATE, { message: '结束日期须为 YYYY-MM-DD' })
  end?: string;

  @ApiPropertyOptional({ type: [PeriodQuotaDto], description: '指标: per period and recipient (每年至少开展1项…)' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PeriodQuotaDto)
  quotas?: PeriodQuotaDto[];

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 60,
    description: 'Working days before a period ends when recipients below a quota are urged; default 5',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(60)
  quotaReminderWorkingDays?: number;
}

export class ScheduleStateDto {
  @ApiProperty({ description: 'The schedule exists (false once the directive is withdrawn)' }) exists!: boolean;
  @ApiProperty() paused!: boolean;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: [String], description: 'The next times a period starts (date-time)' })
  nextActionTimes!: string[];
}

export class ScheduleChangeDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Why (shown in the schedule)' })
  @Optional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class QuotaStandingDto {
  @ApiProperty() field!: string;
  @ApiProperty() label!: string;
  @ApiProperty() required!: number;
  @ApiProperty({ description: 'The unit’s own reported figure; 0 before it reports' }) reported!: number;
  @ApiProperty() met!: boolean;
}

export class PeriodUnitDto {
  @ApiProperty({ description: 'The recipient’s assignment (催办 goes to it)' }) assignmentId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() status!: string;
  @ApiProperty() reported!: boolean;
  @ApiProperty({ type: [QuotaStandingDto] }) quotas!: QuotaStandingDto[];
}

export class PeriodDto {
  @ApiProperty({ example: '2026-11' }) key!: string;
  @ApiProperty({ example: '2026年11月' }) label!: string;
  @ApiProperty({ description: 'The period’s own directive' }) directiveId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Recipients' }) units!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Recipients that reported (报送 or 办结)' })
  reportedUnits!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Recipients meeting every quota' }) quotaMetUnits!: number;
  @ApiProperty({ type: [PeriodUnitDto] }) recipients!: PeriodUnitDto[];
}

export class PeriodsDto {
  @ApiProperty({ description: 'The recurring directive' }) directiveId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The recurrence rule' })
  recurrence!: object;
  @ApiProperty({ example: '次月15日前' }) due!: string;
  @ApiProperty({ type: ScheduleStateDto }) schedule!: ScheduleStateDto;
  @ApiProperty({ type: [PeriodDto], description: 'Oldest first' }) periods!: PeriodDto[];
}

export class ScheduleAnswerDto extends ScheduleStateDto {
  @ApiProperty() directiveId!: string;
}

/** The rule as the workflows carry it: plain data, only the fields of its kind. */
export function toRecurrence(dto: RecurrenceDto): Recurrence {
  const { kind, month, day, count } = dto.due;
  const due =
    kind === 'dayOfMonth' ? { kind, month: month as number, day: day as number } : { kind, count: count as number };
  return {
    frequency: dto.frequency,
    due,
    start: dto.start,
    ...(dto.end !== undefined ? { end: dto.end } : {}),
    ...(dto.quotas ? { quotas: dto.quotas.map((q) => ({ field: q.field, min: q.min })) } : {}),
    ...(dto.quotaReminderWorkingDays !== undefined ? { quotaReminderWorkingDays: dto.quotaReminderWorkingDays } : {}),
  };
}
