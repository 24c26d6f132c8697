import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '@cascade/contracts';

export class InboxItemDto {
  @ApiProperty({ description: 'Assignment id' }) id!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty({ type: String, nullable: true }) docNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty() overdue!: boolean;
}
