import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../common/optional';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type FormValues } from '@cascade/contracts';
import { IsInstant, PolicyDto } from '../common/policy.dto';
import { DocumentFieldsDto, RecipientDto } from '../directives/directive.dto';
import { FILE_ID_PATTERN, FILE_IDS_MAX, FileRefDto } from '../documents/document.dto';

/** Body of POST /assignments/:id/forward: the 转发 to the unit's subordinates. */
export class ForwardDto extends DocumentFieldsDto {
  @ApiPropertyOptional({
    description: 'Id of the forwarding directive; reuse it to make a retry idempotent (generated when omitted)',
    maxLength: 64,
  })
  @Optional()
  @IsString()
  @Matches(/^[0-9A-Za-z_-]{1,64}$/)
  directiveId?: string;
}

/** An http(s) address: host letters, digits, dots and hyphens, an optional port, any path without spaces. */
const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?(\/[^\s]*)?$/;

export class AttachmentDto {
  @ApiProperty({ maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'https://example.org/files/1.pdf' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  @Matches(HTTP_URL)
  url?: string;
}

/** Body of POST /assignments/:id/report: 报送. */
export class ReportDto {
  @ApiProperty({ maxLength: 100_000, description: '报送内容 (may be empty for a zero report)' })
  @IsString()
  @MaxLength(100_000)
  content!: string;

  @ApiPropertyOptional({ description: '无则报零: nothing to report' })
  @Optional()
  @IsBoolean()
  zeroReport?: boolean;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];

  @ApiPropertyOptional({
    type: [String],
    description: '报送材料: ids of files uploaded before (POST /api/files), in order',
    maxItems: FILE_IDS_MAX,
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(FILE_IDS_MAX)
  @IsString({ each: true })
  @Matches(FILE_ID_PATTERN, { each: true, message: '文件编号格式不正确' })
  fileIds?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The filled 填报表, keyed by field key: numbers, text, an option or a list of options, YYYY-MM-DD dates, a table as a list of rows; with zeroReport the numbers left out are zero',
    example: { activities: 3, teams: [{ name: '红马甲服务队', members: 12 }] },
  })
  @Optional()
  @IsObject()
  values?: FormValues;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Subtree totals the unit reports (a unit with subordinates): when a number differs from the sum of its subordinates’ reports, explanation is required',
  })
  @Optional()
  @IsObject()
  totals?: FormValues;

  @ApiPropertyOptional({ maxLength: 2000, description: '说明 of totals that differ from the subordinates’ reports' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  explanation?: string;
}

/** Body of acknowledge and accept: nothing (an empty object is fine). */
export class EmptyBodyDto {}

export class ScheduledStepDto {
  @ApiProperty() key!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class ScheduleDto {
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) ackDueAt!: string;
  @ApiProperty({ type: [ScheduledStepDto] }) reminders!: ScheduledStepDto[];
  @ApiProperty({ type: [ScheduledStepDto] }) ladder!: ScheduledStepDto[];
}

export class EscalationRecordDto {
  @ApiProperty({ type: 'integer', enum: [1, 2, 3] }) level!: number;
  @ApiProperty({ enum: ['NOT_ACKNOWLEDGED', 'OVERDUE'] }) reason!: string;
  @ApiProperty({ format: 'date-time' }) firedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt!: string | null;
}

export class ReportRecordDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiPropertyOptional({ enum: ['SUBMITTED', 'ACCEPTED', 'RETURNED'], description: 'RETURNED: sent back (退回)' })
  status?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) returnReason?: string | null;
  @ApiProperty() content!: string;
  @ApiProperty() zeroReport!: boolean;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
  @ApiProperty({ type: [FileRefDto], description: '报送材料 files of this version' }) files!: FileRefDto[];
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty() late!: boolean;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: '汇总 of the subordinates when the unit forwarded',
  })
  rollup!: object | null;
}

export class ForwardRecordDto {
  @ApiProperty() directiveId!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ type: [RecipientDto] }) recipients!: RecipientDto[];
  @ApiProperty({ format: 'date-time' }) forwardedAt!: string;
  @ApiProperty({ type: [String], description: 'Remarks such as 层层加码' }) warnings!: string[];
}

export class ActorDto {
  @ApiProperty() unitCode!: string;
  @ApiProperty({ enum: ['clerk', 'leader', 'supervisor', 'admin', 'system'] }) role!: string;
  @ApiPropertyOptional() name?: string;
}

/** 延期申请 as the assignment holds it. */
export class ExtensionRequestRecordDto {
  @ApiProperty({ description: '`{assignmentId}#X{n}`: the id of POST /api/extension-requests/{id}/approve' })
  id!: string;
  @ApiProperty({ format: 'date-time' }) requestedDeadline!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: ActorDto }) requestedBy!: ActorDto;
  @ApiProperty({ enum: ['PENDING', 'APPROVED', 'REJECTED'] }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: ActorDto, nullable: true }) decidedBy!: ActorDto | null;
  @ApiProperty({ type: String, nullable: true }) decisionNote!: string | null;
}

export class AmendmentChangesDto {
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() body?: string;
  @ApiPropertyOptional({ format: 'date-time' }) deadline?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) obligations?: unknown[];
}

/** 更正通知 as the assignment received it. */
export class AmendmentRecordDto {
  @ApiProperty({ type: 'integer' }) version!: number;
  @ApiProperty() note!: string;
  @ApiProperty({ type: AmendmentChangesDto }) changes!: AmendmentChangesDto;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt!: string | null;
}

export class UrgesDto {
  @ApiProperty({ type: 'integer' }) count!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAt!: string | null;
}

export class WithdrawalDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** 上级来文已修改: the latest amendment of the unit's source document (or one above it) after it forwarded. */
export class UpstreamAmendedDto {
  @ApiProperty() directiveId!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** AssignmentState of libs/contracts with its instants as ISO-8601 strings. */
export class AssignmentStateDto {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ format: 'date-time' }) deliveredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reportedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt!: string | null;
  @ApiProperty({ type: ScheduleDto }) schedule!: ScheduleDto;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() late!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 3 }) escalationLevel!: number;
  @ApiProperty({ type: [EscalationRecordDto] }) escalations!: EscalationRecordDto[];
  @ApiProperty({ type: [String] }) firedSteps!: string[];
  @ApiProperty({ type: [ReportRecordDto] }) reports!: ReportRecordDto[];
  @ApiProperty({ type: ForwardRecordDto, nullable: true }) forward!: ForwardRecordDto | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: '汇总 of the subordinates (ChildrenSummary)',
  })
  children!: object | null;
  @ApiProperty({ type: PolicyDto }) policy!: PolicyDto;
  @ApiPropertyOptional({ type: [ExtensionRequestRecordDto], description: 'Absent until the first request' })
  extensionRequests?: ExtensionRequestRecordDto[];
  @ApiPropertyOptional({ type: [AmendmentRecordDto], description: 'Absent until the first amendment' })
  amendments?: AmendmentRecordDto[];
  @ApiPropertyOptional({ type: UrgesDto }) urges?: UrgesDto;
  @ApiPropertyOptional({ type: WithdrawalDto, nullable: true }) withdrawal?: WithdrawalDto | null;
  @ApiPropertyOptional({ type: [String], description: 'Remarks on the forward' }) flags?: string[];
  @ApiPropertyOptional({
    type: UpstreamAmendedDto,
    nullable: true,
    description: 'Set once the unit forwarded and a document above its forward was amended; its forward is unchanged',
  })
  upstreamAmended?: UpstreamAmendedDto | null;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description:
      'Position of the last event in this state: the read model shows it once event `{assignmentId}#{seq}` is recorded',
  })
  seq?: number;
}

const REASON_MAX = 500;

/** Body of POST /assignments/:id/return: 退回修改. */
export class ReturnDto {
  @ApiProperty({ maxLength: REASON_MAX, description: '退回理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(REASON_MAX)
  reason!: string;

  @ApiPropertyOptional({ description: 'A new report deadline for the revision (ISO-8601 instant)' })
  @Optional()
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
  @Optional()
  @IsString()
  @MaxLength(REASON_MAX)
  note?: string;
}

/** Body of POST /assignments/:id/urge: 催办. */
export class UrgeDto {
  @ApiPropertyOptional({ maxLength: REASON_MAX })
  @Optional()
  @IsString()
  @MaxLength(REASON_MAX)
  note?: string;
}
