import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type FormValues, type ReportForm } from '@cascade/contracts';
import type { FormTotals } from '@cascade/domain';
import { Optional } from '../common/optional';

const formSchema = { type: 'object', additionalProperties: true } as const;

/** GET /assignments/:id/form: what a unit fills, what it filled last, and its subordinates' totals. */
export class AssignmentFormDto {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({
    ...formSchema,
    nullable: true,
    description: '填报表 the unit fills; null when the directive has none',
  })
  form!: ReportForm | null;
  @ApiProperty({ ...formSchema, nullable: true, description: 'Its own values in its newest report that counts' })
  values!: FormValues | null;
  @ApiProperty({
    ...formSchema,
    nullable: true,
    description: '填报表 of its subordinates (its forward’s, with the fields it added); null when it did not forward',
  })
  subtreeForm!: ReportForm | null;
  @ApiProperty({
    ...formSchema,
    nullable: true,
    description:
      'Totals of its subordinates’ reports at every level below: numbers summed, options counted, table rows with unitName',
  })
  subtreeTotals!: FormTotals | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Units below it' }) units!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Units below it that reported' }) reportedUnits!: number;
}

export class RollupQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 8,
    description: 'Levels below the directive; all by default',
  })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8)
  depth?: number;
}

export class RollupUnitDto {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: String, nullable: true }) parentAssignmentId!: string | null;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: '1 for the directive’s recipients, 2 below them, …' })
  level!: number;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ description: 'Whether a counted report exists (false: 未报)' }) reported!: boolean;
  @ApiProperty({ ...formSchema, nullable: true }) values!: FormValues | null;
  @ApiProperty({ ...formSchema }) subtreeTotals!: FormTotals;
  @ApiProperty({ type: 'integer', minimum: 0 }) units!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) reportedUnits!: number;
  @ApiProperty({ type: String, nullable: true, description: '说明 of differing totals' }) explanation!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      '未达标: for a recipient of a recurring directive’s period that reported below the period’s quotas, the figures short of them (e.g. "主题活动数 0/1")',
  })
  quotaShortfall!: string | null;
}

export class DirectiveRollupDto {
  @ApiProperty() directiveId!: string;
  @ApiProperty({ ...formSchema, nullable: true }) form!: ReportForm | null;
  @ApiProperty({ type: [RollupUnitDto] }) units!: RollupUnitDto[];
  @ApiProperty({ ...formSchema, nullable: true, description: 'Grand total of every unit the caller sees' })
  total!: FormTotals | null;
}
