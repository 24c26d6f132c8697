import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PagingQueryDto } from '../common/paging.dto';

export class ListEscalationsQueryDto extends PagingQueryDto {
  @ApiPropertyOptional({ description: 'Unit code: only escalations of that unit and the units below it (default: the caller’s unit; all for admin)' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  under?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  minLevel?: number;

  @ApiPropertyOptional({ description: 'Only escalations not resolved yet', type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: 'Directive id' })
  @IsOptional()
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
  @ApiProperty({ enum: [1, 2, 3], description: '1 督办 to the issuer, 2 to the issuer’s parent, 3 通报' }) level!: number;
  @ApiProperty({ enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'] }) reason!: string;
  @ApiProperty({ format: 'date-time' }) firedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
}

export class EscalationPageDto {
  @ApiProperty({ type: [EscalationDto] }) items!: EscalationDto[];
  @ApiProperty() total!: number;
}
