import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { API_ROLES, type ApiRole } from '@cascade/persistence';

export class MeDto {
  @ApiProperty() unitCode!: string;
  @ApiProperty({ description: 'Registered name of the unit (the code when it is no longer registered)' }) unitName!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['national', 'province', 'city', 'county', 'township', 'member'] }) unitLevel!: string | null;
  @ApiProperty({ enum: API_ROLES }) role!: ApiRole;
}

export class UnitChildDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() level!: string;
  @ApiProperty({ description: 'The unit has subordinates of its own' }) hasChildren!: boolean;
}

export class TimelineEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'CascadeEvent type, e.g. ASSIGNMENT_ACKNOWLEDGED' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty({ type: String, nullable: true }) assignmentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Unit code of who did it (null for the system)' }) actorUnit!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What happened in a few words: report text, escalation level, forward 文号, reason' })
  detail!: string | null;
}

export class EscalationBoardQueryDto {
  @ApiPropertyOptional({ description: 'Unit code: only units at or below it (a region); default the caller’s scope' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  under?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3, description: 'Exactly this escalation level' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  level?: number;

  @ApiPropertyOptional({ description: 'Directive id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  directive?: string;
}

export class BoardItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'Code of the city-level (or top) region the unit lies in, for grouping' }) regionCode!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({ enum: [1, 2, 3] }) level!: number;
  @ApiProperty({ description: 'Highest level reached by the assignment' }) assignmentLevel!: number;
  @ApiProperty({ enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'] }) reason!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) firedAt!: string;
  @ApiProperty({ description: 'Whether the caller may urge (催办) this unit' }) canUrge!: boolean;
}

export class BoardRegionDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class EscalationBoardDto {
  @ApiProperty({ type: [BoardItemDto] }) items!: BoardItemDto[];
  @ApiProperty({ description: 'Open escalations in scope (before the level/directive filters are applied to items)' }) total!: number;
  @ApiProperty({ type: [BoardRegionDto], description: 'Regions for the filter: the subordinates of the caller’s unit' }) regions!: BoardRegionDto[];
}

export class UnitNamesQueryDto {
  @ApiProperty({ description: 'Comma-separated unit codes (at most 200)', example: '140000,141000' })
  @IsString()
  @MaxLength(200 * 33)
  codes!: string;
}

export class UnitNameDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}
