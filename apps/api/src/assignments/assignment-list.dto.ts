import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '@cascade/contracts';
import { Optional } from '../common/optional';
import { DeadlineRangeQueryDto } from '../common/deadline-range.dto';
import type { AssignmentOperation } from '../auth/access-rules';
import { ActorDto, AssignmentStateDto } from './assignment.dto';

/** The lists of a unit's work: 待办 (waits on the unit), 已办 (reported, not yet closed), 办结 (accepted). */
export const ASSIGNMENT_BOXES = ['todo', 'done', 'closed'] as const;
export type AssignmentBox = (typeof ASSIGNMENT_BOXES)[number];

export const ASSIGNMENT_OPERATIONS: readonly AssignmentOperation[] = [
  'acknowledge',
  'forward',
  'report',
  'accept',
  'return',
  'requestExtension',
  'decideExtension',
  'urge',
  'acknowledgeAmendment',
];

/** Query of GET /assignments: the caller's unit's assignments in one list. */
export class ListAssignmentsQueryDto extends DeadlineRangeQueryDto {
  @ApiPropertyOptional({
    enum: ASSIGNMENT_BOXES,
    default: 'todo',
    description: 'todo 待办 (待签收, 已签收, 已转发, 已退回); done 已办 (已报送); closed 办结 (已办结)',
  })
  @Optional()
  @IsIn(ASSIGNMENT_BOXES)
  box?: AssignmentBox;

  @ApiPropertyOptional({ enum: ASSIGNMENT_STATUSES, description: 'Only this status (within the list)' })
  @Optional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  @ApiPropertyOptional({ maxLength: 200, description: 'Part of the title or the 文号' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

/** Who urged (催办) and when. */
export class UrgeRecordDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: ActorDto, nullable: true }) by!: ActorDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Name of the urging unit' }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
}

export class AssignmentListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty({ type: String, nullable: true }) docNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty() unitCode!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ format: 'date-time', description: '报送期限' }) deadline!: string;
  @ApiProperty({ format: 'date-time', description: '签收时限' }) ackDueAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reportedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 3, description: '督办 level' }) escalationLevel!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) urgeCount!: number;
  @ApiProperty({ type: UrgeRecordDto, nullable: true, description: 'The latest 催办' }) lastUrge!: UrgeRecordDto | null;
}

export class AssignmentPageDto {
  @ApiProperty({ type: [AssignmentListItemDto] }) items!: AssignmentListItemDto[];
  @ApiProperty({ type: 'integer' }) total!: number;
}

/** GET /assignments/:id: the 处理笺 of one assignment. */
export class AssignmentDetailDto extends AssignmentListItemDto {
  @ApiProperty() unitName!: string;
  @ApiProperty() issuerName!: string;
  @ApiProperty({ type: String, nullable: true }) parentAssignmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The directive the unit forwarded' })
  forwardedDirectiveId!: string | null;
  @ApiProperty({ description: 'The unit has subordinates to forward to' }) hasSubordinates!: boolean;
  @ApiProperty({
    type: [String],
    enum: ASSIGNMENT_OPERATIONS,
    description: 'Operations the caller’s role and unit allow on this assignment (its state may still refuse)',
  })
  allowedOperations!: AssignmentOperation[];
  @ApiProperty({ type: [UrgeRecordDto], description: 'Every 催办, oldest first' }) urges!: UrgeRecordDto[];
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next 催办 is allowed (null: now)',
  })
  nextUrgeAt!: string | null;
  @ApiProperty({
    type: AssignmentStateDto,
    nullable: true,
    description: 'The workflow’s state; null once the workflow has ended and its history is gone',
  })
  state!: AssignmentStateDto | null;
}

const EXTENSION_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;

/** Query of GET /extension-requests: the requests the caller's unit decides. */
export class ListExtensionRequestsQueryDto {
  @ApiPropertyOptional({ maxLength: 64, description: 'Only requests on this directive' })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{1,64}$/)
  directiveId?: string;

  @ApiPropertyOptional({ enum: EXTENSION_STATUSES, default: 'PENDING' })
  @Optional()
  @IsIn(EXTENSION_STATUSES)
  status?: (typeof EXTENSION_STATUSES)[number];
}

export class ExtensionRequestItemDto {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ format: 'date-time' }) requestedDeadline!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The deadline in force now' })
  currentDeadline!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ enum: EXTENSION_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) decisionNote!: string | null;
}
