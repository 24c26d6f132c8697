import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Optional } from '../common/optional';
import { IsUnitCode } from '../common/unit-code';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type Recurrence, type ReportForm } from '@cascade/contracts';
import { DIRECTIVE_STATUSES, type DirectiveStatus } from '@cascade/persistence';
import { DeadlineRangeQueryDto } from '../common/deadline-range.dto';
import { ChainLinkDto, DirectiveDocumentsDto, DocumentFileIdsDto } from '../documents/document.dto';
import { IsInstant, PolicyDto } from '../common/policy.dto';
import { RecurrenceDto } from '../recurrence/recurrence.dto';

const UNIT_CODE_MAX = 32;
/** A directive reaches at most this many units directly: one workflow's children stay bounded. */
export const MAX_RECIPIENTS = 1000;

/** What issuing a directive and forwarding one have in common (文号, title, recipients, deadline…). */
export class DocumentFieldsDto {
  @ApiProperty({ example: '晋民函〔2024〕169号', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  docNumber!: string;

  @ApiProperty({ maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ maxLength: 200_000 })
  @Optional()
  @IsString()
  @MaxLength(200_000)
  body?: string;

  @ApiProperty({ type: [String], example: ['141000', '140100'], description: 'Unit codes of the recipients (主送)' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_RECIPIENTS)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(UNIT_CODE_MAX, { each: true })
  @IsUnitCode({ each: true })
  recipients!: string[];

  @ApiProperty({ example: '2024-11-20T18:00:00+08:00', description: 'Report deadline: an ISO-8601 instant' })
  @IsString()
  @IsInstant()
  deadline!: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Obligations (要求), e.g. from POST /api/notices/parse',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  obligations?: object[];

  @ApiPropertyOptional({ type: PolicyDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => PolicyDto)
  policy?: PolicyDto;

  @ApiPropertyOptional({
    type: DocumentFileIdsDto,
    description: '正文 and 附件 as uploaded files (POST /api/files); a forward adds the upstream document itself',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentFileIdsDto)
  documents?: DocumentFileIdsDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      '填报表 {fields: [...]}: each field has key, label, type (integer, decimal, text, single, multiple, date, table), required, and by type unit, min, max, scale, maxLength, options, columns, maxRows. A forward repeats the upstream fields unchanged and may add its own (they default to the upstream form)',
    example: {
      fields: [
        { key: 'activities', label: '主题活动数', type: 'integer', unit: '次', min: 1, required: true },
        { key: 'kind', label: '活动形式', type: 'multiple', options: ['讲座', '义诊', '走访'] },
        { key: 'teams', label: '服务队', type: 'table', columns: [{ key: 'name', label: '名称', type: 'text' }] },
      ],
    },
  })
  @Optional()
  @IsObject()
  form?: ReportForm;
}

export class CreateDirectiveDto extends DocumentFieldsDto {
  @ApiPropertyOptional({
    type: RecurrenceDto,
    description:
      '周期性公文 (月报, 季报, 年报): a Temporal Schedule issues one directive per period with the deadline its rule and the working-day calendar give; `deadline` is then replaced by the first period’s and no assignment is delivered at once',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto;

  @ApiProperty({ example: '140000', description: 'Unit code of the issuing unit (the caller’s own, unless admin)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(UNIT_CODE_MAX)
  @IsUnitCode()
  issuerUnit!: string;
}

export class ListDirectivesQueryDto extends DeadlineRangeQueryDto {
  @ApiPropertyOptional({ description: 'Issuing unit code' })
  @Optional()
  @IsString()
  @MaxLength(UNIT_CODE_MAX)
  issuer?: string;

  @ApiPropertyOptional({ enum: DIRECTIVE_STATUSES })
  @Optional()
  @IsIn(DIRECTIVE_STATUSES)
  status?: DirectiveStatus;

  @ApiPropertyOptional({ description: 'Part of the title or the 文号' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class CreatedAssignmentDto {
  @ApiProperty({ example: 'assignment:2f1c…:141000' }) id!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
}

export class CreatedDirectiveDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [CreatedAssignmentDto] }) assignments!: CreatedAssignmentDto[];
}

export class RecipientDto {
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
}

export class DirectiveSummaryDto {
  @ApiProperty() id!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({ enum: DIRECTIVE_STATUSES }) status!: DirectiveStatus;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The directive this one forwards (转发)' })
  forwardsDirectiveId!: string | null;
  @ApiProperty({ description: 'Top of the forwarding chain' }) rootDirectiveId!: string;
}

export class DirectivePageDto {
  @ApiProperty({ type: [DirectiveSummaryDto] }) items!: DirectiveSummaryDto[];
  @ApiProperty({ type: 'integer', minimum: 0 }) total!: number;
}

export class DirectiveDetailDto extends DirectiveSummaryDto {
  @ApiProperty({ type: String, nullable: true }) body!: string | null;
  @ApiProperty({ type: [RecipientDto] }) recipients!: RecipientDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) obligations!: unknown[];
  @ApiProperty({ type: PolicyDto }) policy!: PolicyDto;
  @ApiProperty({ type: String, nullable: true, description: 'The forwarding assignment this directive came from' })
  parentAssignmentId!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '填报表 {fields}; a field added by a forwarding unit carries addedBy (its unit code)',
  })
  form!: ReportForm | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: '周期: the rule of a recurring directive (GET /api/directives/:id/periods lists its periods)',
  })
  recurrence!: Recurrence | null;
  @ApiProperty({ type: String, nullable: true, description: 'The recurring directive this period belongs to' })
  seriesDirectiveId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026年11月', description: 'The period this directive serves' })
  periodLabel!: string | null;
  @ApiProperty({ type: DirectiveDocumentsDto, description: '正文 and 附件 files of the current version' })
  documents!: DirectiveDocumentsDto;
  @ApiProperty({
    type: [ChainLinkDto],
    description:
      '上级来文: the directives this one forwards, from the top of the chain down (empty for a top-level one)',
  })
  chain!: ChainLinkDto[];
}

export class TreeNodeDto {
  @ApiProperty() assignmentId!: string;
  @ApiProperty() unitCode!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES }) status!: AssignmentStatus;
  @ApiProperty({ format: 'date-time' }) deadline!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 3 }) escalationLevel!: number;
  @ApiPropertyOptional({ description: 'The directive this unit forwarded to its subordinates' })
  forwardedDirectiveId?: string;
  @ApiProperty({ type: () => [TreeNodeDto] }) children!: TreeNodeDto[];
}

export class DirectiveTreeDto {
  @ApiProperty() id!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { DELIVERED: 3, REPORTED: 1 } })
  counts!: Record<AssignmentStatus, number>;
  @ApiProperty({ type: [TreeNodeDto] }) nodes!: TreeNodeDto[];
}

const CHANGE_REASON_MAX = 500;

/** Body of POST /directives/:id/withdraw: 撤回 the whole directive or some recipients. */
export class WithdrawDto {
  @ApiProperty({ maxLength: CHANGE_REASON_MAX, description: '撤回理由' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CHANGE_REASON_MAX)
  reason!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Only these recipients (unit codes); the whole directive when absent',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  @IsUnitCode({ each: true })
  units?: string[];
}

export class WithdrawnDto {
  @ApiProperty({ type: [String], description: 'Unit codes whose assignments ended WITHDRAWN' }) withdrawn!: string[];
}

export class AmendedDto {
  @ApiProperty({ type: 'integer', minimum: 2, description: 'The directive’s new version' }) version!: number;
}

/** Body of POST /directives/:id/amend: 更正/补充通知, pushed down the tree. */
export class AmendDto {
  @ApiProperty({ maxLength: CHANGE_REASON_MAX, description: '更正说明' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CHANGE_REASON_MAX)
  note!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Optional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ maxLength: 100_000 })
  @Optional()
  @IsString()
  @MaxLength(100_000)
  body?: string;

  @ApiPropertyOptional({ description: 'New report deadline (ISO-8601 instant)' })
  @Optional()
  @IsString()
  @IsInstant()
  deadline?: string;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  obligations?: unknown[];

  @ApiPropertyOptional({
    type: DocumentFileIdsDto,
    description: 'A new 正文 file and/or 附件 list (uploaded before); what is absent stays',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => DocumentFileIdsDto)
  documents?: DocumentFileIdsDto;
}

export class TimelineEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'CascadeEvent type, e.g. ASSIGNMENT_ACKNOWLEDGED' }) type!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty() directiveId!: string;
  @ApiProperty({ type: String, nullable: true }) assignmentId!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) unitName!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Unit code of who did it (null for the system)' })
  actorUnit!: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '姓名 of the person who did it (null for a token or the system)',
  })
  actorName!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What happened in a few words: report text, escalation level, forward 文号, reason',
  })
  detail!: string | null;
}
