import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '../common/policy.dto';

const REASON_MAX = 500;

/** Body of POST /assignments/:id/return: 退回修改. */
export class ReturnDto {
  @ApiProperty({ maxLength: REASON_MAX, description: '退回理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(REASON_MAX)
  reason!: string;

  @ApiPropertyOptional({ description: 'A new report deadline for the revision (ISO-8601 instant)' })
  @IsOptional()
  @IsString()
  @IsInstant()
  newDeadline?: string;
}

/** Body of POST /assignments/:id/extension-requests: 延期申请. */
export class ExtensionRequestDto {
  @ApiProperty({ description: 'The deadline asked for (ISO-8601 instant)' })
  @IsString()
  @IsInstant()
  newDeadline!: string;

  @ApiProperty({ maxLength: REASON_MAX, description: '延期理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(REASON_MAX)
  reason!: string;
}

/** Body of POST /extension-requests/:id/approve | reject. */
export class ExtensionDecisionDto {
  @ApiPropertyOptional({ maxLength: REASON_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX)
  note?: string;
}

/** Body of POST /assignments/:id/urge: 催办. */
export class UrgeDto {
  @ApiPropertyOptional({ maxLength: REASON_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(REASON_MAX)
  note?: string;
}


/** Body of POST /directives/:id/withdraw: 撤回 the whole directive or some recipients. */
export class WithdrawDto {
  @ApiProperty({ maxLength: REASON_MAX, description: '撤回理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(REASON_MAX)
  reason!: string;

  @ApiPropertyOptional({ type: [String], description: 'Only these recipients (unit codes); the whole directive when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  units?: string[];
}

/** Body of POST /directives/:id/amend: 更正/补充通知, pushed down the tree. */
export class AmendDto {
  @ApiProperty({ maxLength: REASON_MAX, description: '更正说明' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(REASON_MAX)
  note!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ maxLength: 100_000 })
  @IsOptional()
  @IsString()
  @MaxLength(100_000)
  body?: string;

  @ApiPropertyOptional({ description: 'New report deadline (ISO-8601 instant)' })
  @IsOptional()
  @IsString()
  @IsInstant()
  deadline?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  obligations?: unknown[];
}

/** Body of POST /calendar/years/:year: a year's 放假安排. */
export class CalendarYearDto {
  @ApiProperty({ type: [String], example: ['2027-01-01'], description: '法定节假日 (YYYY-MM-DD)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be YYYY-MM-DD dates' })
  holidays!: string[];

  @ApiProperty({ type: [String], example: ['2027-02-07'], description: '调休上班日 (YYYY-MM-DD)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsString({ each: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'workdays must be YYYY-MM-DD dates' })
  workdays!: string[];
}

export class YearParam {
  @ApiProperty({ minimum: 2000, maximum: 2100 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

