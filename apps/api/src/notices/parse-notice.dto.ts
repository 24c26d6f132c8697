import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ISO_DATE } from '../common/instants';
import { Optional } from '../common/optional';

/** Longer texts are not one notice. */
export const MAX_NOTICE_TEXT_LENGTH = 200_000;

export class ParseNoticeDto {
  @ApiProperty({ description: 'Full text of the notice (公文正文), as pasted', maxLength: MAX_NOTICE_TEXT_LENGTH })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NOTICE_TEXT_LENGTH)
  text!: string;

  @ApiPropertyOptional({
    description: '成文日期 YYYY-MM-DD, used when the notice has no 落款 date',
    example: '2024-11-08',
  })
  @Optional()
  @IsDateString({ strict: true })
  @Matches(ISO_DATE)
  issuedOn?: string;
}

/** The multipart form of the same route: the notice as a file. */
export const NOTICE_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['file'],
  properties: {
    file: { type: 'string', format: 'binary', description: '.docx, .pdf (text layer), .ofd or .txt; at most 20 MB' },
    issuedOn: {
      type: 'string',
      format: 'date',
      pattern: '^(19|2[01])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
      description: '成文日期 YYYY-MM-DD',
      example: '2024-11-08',
    },
  },
};

/** The file a notice was imported from, with the text read from it (the directive's body). */
export class ImportedNoticeFileDto {
  @ApiProperty({ type: String, nullable: true }) fileName!: string | null;
  @ApiProperty({ enum: ['docx', 'pdf', 'ofd', 'txt'] }) format!: 'docx' | 'pdf' | 'ofd' | 'txt';
  @ApiProperty({ type: Number, nullable: true }) pages!: number | null;
  @ApiProperty() text!: string;
}

/** The parser's result (ParsedNotice of libs/domain, docs/notice-parser.md), passed through as-is. */
export class ParsedNoticeDto {
  @ApiProperty({
    enum: ['notice', 'article'],
    description: 'article: a news report or newsletter; no obligations are read from it and a warning says so',
  })
  documentKind!: 'notice' | 'article';
  @ApiProperty({ type: String, nullable: true }) docNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The innermost forwarded title, else the title' })
  originalTitle!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Title for forwarding this notice: 关于转发《originalTitle》的通知 (nested forwards collapsed)',
  })
  forwardTitle!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuer!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'YYYY-MM-DD' }) issuedOn!: string | null;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) forwards!: object[];
  @ApiProperty({ type: [String] }) attachments!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) contacts!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Obligations (要求) with their deadline rules',
  })
  obligations!: object[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description:
      'Requirements of the forwarded or attached documents (上级来文要求), each with its source {label, title, docNumber}; context only',
  })
  upstreamObligations!: object[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: ImportedNoticeFileDto, nullable: true, description: 'Set when the notice came as a file' })
  imported!: ImportedNoticeFileDto | null;
}
