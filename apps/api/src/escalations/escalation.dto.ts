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

export class BoardItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ description: 'Code of the city-level (or top) region the unit lies in, for grouping' })
  regionCode!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({ type: 'integer', enum: [1, 2, 3] }) level!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 3, description: 'Highest level reached by the assignment' })
  assignmentLevel!: number;
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
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Open escalations in scope (before the level/directive filters are applied to items)',
  })
  total!: number;
  @ApiProperty({ type: [BoardRegionDto], description: 'Regions for the filter: the subordinates of the caller’s unit' })
  regions!: BoardRegionDto[];
}
