import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../common/optional';
import { PagingQueryDto } from '../common/paging.dto';

export class ListEscalationsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({
    description:
      'Unit code: only escalations of that unit and the units below it (default: the caller’s unit; all for admin)',
  })
  @Optional()
  @IsString()
  @MaxLength(32)
  under?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  minLevel?: number;

  @ApiPropertyOptional({ description: 'Only escalations not resolved yet', type: Boolean })
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: 'Directive id' })
  @Optional()
  @IsString()
  @MaxLength(64)
  directive?: string;
}

export class EscalationDto {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({
    type: 'integer',
    enum: [1, 2, 3],
    description: '1 督办 to the issuer, 2 to the issuer’s parent, 3 通报',
  })
  level!: number;
  @ApiProperty({ enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'] }) reason!: string;
  @ApiProperty({ format: 'date-time' }) firedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
}

export class EscalationPageDto {
  @ApiProperty({ type: [EscalationDto] }) items!: EscalationDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
}

export class EscalationBoardQueryDto {
  @ApiPropertyOptional({ description: 'Unit code: only units at or below it (a region); default the caller’s scope' })
  @Optional()
  @IsString()
  @MaxLength(32)
  under?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: 'Exactly this escalation level' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  level?: number;

  @ApiPropertyOptional({ description: 'Directive id' })
  @Optional()
  @IsString()
  @MaxLength(64)
  directive?: string;
}

export class BoardHistoryEntryDto {
  @ApiProperty({
    enum: ['ESCALATED', 'RESOLVED', 'URGED'],
    description: 'A ladder step fired, was resolved, or a 催办',
  })
  kind!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ type: 'integer', enum: [1, 2, 3], description: 'Ladder level (ESCALATED, RESOLVED)' })
  level?: number;
  @ApiPropertyOptional({ enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'] }) reason?: string;
  @ApiPropertyOptional({ description: 'Unit code of whoever urged (URGED)' }) actorUnit?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The urge’s note (URGED)' }) note?: string | null;
}

/** One row per unit and document: the assignment's highest open escalation, with its history. */
export class BoardItemDto {
  @ApiProperty({ description: 'The assignment id (one row per assignment)' }) id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'Code of the region (a direct subordinate of the caller’s unit) the unit lies in' })
  regionCode!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({
    type: 'integer',
    enum: [1, 2, 3],
    description: 'Current level: the highest open one (1 一级督办, 2 二级督办, 3 通报)',
  })
  level!: number;
  @ApiProperty({ enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'], description: 'Reason of the current level' })
  reason!: string;
  @ApiProperty({ type: [String], enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'], description: 'Every reason still open' })
  reasons!: string[];
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time', description: '报送期限' }) deadline!: string;
  @ApiProperty({ format: 'date-time', description: '签收时限' }) ackDueAt!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'The time limit the reason is measured against: 签收时限 for NOT_ACKNOWLEDGED, 报送期限 for OVERDUE',
  })
  dueAt!: string;
  @ApiProperty({ format: 'date-time', description: 'When the current level fired' }) firedAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: '催办 so far' }) urgeCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUrgedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'From when the next 催办 is allowed (null: now)',
  })
  nextUrgeAt!: string | null;
  @ApiProperty({ description: 'Whether the caller may urge (催办) this unit' }) canUrge!: boolean;
  @ApiProperty({ type: [BoardHistoryEntryDto], description: 'Ladder steps and 催办 of the assignment, oldest first' })
  history!: BoardHistoryEntryDto[];
}

export class BoardRegionDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class BoardTotalDto {
  @ApiProperty({ description: 'Region (or 成员单位) code' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'A 成员单位 (not a region)' }) member!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Rows (units and documents) on the board' })
  count!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) level1!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) level2!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) level3!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: '逾期未签收' }) notAcknowledged!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: '逾期未报送' }) overdue!: number;
}

export class EscalationBoardDto {
  @ApiProperty({ type: [BoardItemDto] }) items!: BoardItemDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Rows on the board (units and documents)' })
  total!: number;
  @ApiProperty({
    type: [BoardRegionDto],
    description: 'Regions for the filter: the subordinates of the caller’s unit, 成员单位 aside',
  })
  regions!: BoardRegionDto[];
  @ApiProperty({ type: [BoardRegionDto], description: '成员单位 among the subordinates of the caller’s unit' })
  members!: BoardRegionDto[];
  @ApiProperty({ type: [BoardTotalDto], description: 'Per region, then per 成员单位: the rows and their levels' })
  totals!: BoardTotalDto[];
}
