import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '@cascade/contracts';
import { UNIT_CODE_LIST } from '../common/unit-code';

export class InboxItemDto {
  @ApiProperty({ description: 'Assignment id' }) id!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty({ type: String, nullable: true }) docNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty() overdue!: boolean;
}

export class UnitChildDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() level!: string;
  @ApiProperty({ description: 'The unit has subordinates of its own' }) hasChildren!: boolean;
}

export class UnitNamesQueryDto {
  @ApiProperty({ description: 'Comma-separated unit codes (at most 200)', example: '140000,141000' })
  @IsString()
  @MaxLength(200 * 33 - 1)
  @Matches(UNIT_CODE_LIST)
  codes!: string;
}

export class UnitNameDto {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}
