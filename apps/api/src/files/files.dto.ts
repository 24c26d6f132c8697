import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../common/optional';
import { FILE_ROLES, type FileRole } from '@cascade/contracts';

/** An uploaded file as the API answers it. */
export class FileView {
  @ApiProperty({ description: 'Id to attach the file to a directive or a report, and to download it' })
  id!: string;

  @ApiProperty({
    example: '关于报送2024年度工作总结的通知.pdf',
    description: 'Name cleaned of path and control characters',
  })
  name!: string;

  @ApiProperty({ description: 'Bytes' })
  size!: number;

  @ApiProperty({ description: 'Hex SHA-256 of the content (also the ETag)' })
  sha256!: string;

  @ApiProperty({ example: 'application/pdf', description: 'Told by the content (magic bytes), not by the name' })
  mediaType!: string;

  @ApiProperty({ format: 'date-time' })
  uploadedAt!: string;
}

/** One place a file is attached to: the 正文 or an 附件 of a directive, or a file of a report. */
export class FileAttachmentView {
  @ApiProperty({ enum: FILE_ROLES })
  role!: FileRole;

  @ApiProperty({ description: 'The directive (for a report file: the directive the report answers)' })
  directiveId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The reporting assignment (REPORT files)' })
  assignmentId!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The report version (REPORT files)' })
  reportId!: string | null;

  @ApiProperty({ description: 'Order within the document (附件一, 附件二 …)' })
  position!: number;

  @ApiProperty({ format: 'date-time' })
  attachedAt!: string;
}

export class FileMetaView extends FileView {
  @ApiProperty({
    type: [FileAttachmentView],
    description: 'Where the file is attached, as far as the caller may see; empty while it is a private upload',
  })
  attachments!: FileAttachmentView[];
}

/** The multipart form of POST /api/files, for the OpenAPI document (the body is streamed, not validated by a pipe). */
export class UploadFileForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file: one per request' })
  file!: unknown;

  @ApiPropertyOptional({
    description: 'Name to keep instead of the uploaded file name (path and control characters are removed)',
  })
  name?: string;
}

/** The name of an upload sent as the bare body (`application/octet-stream`); a form's `name` field wins. */
export class UploadQuery {
  @ApiPropertyOptional({
    maxLength: 255,
    example: '情况报告.pdf',
    description: 'File name for an `application/octet-stream` upload (path and control characters are removed)',
  })
  @Optional()
  @IsString()
  @MaxLength(255)
  name?: string;
}

/** How a download is shown: saved (default) or displayed by the browser (PDFs in the dashboard). */
export class DownloadQuery {
  @ApiPropertyOptional({ enum: ['1', '0', 'true', 'false'], description: '1: Content-Disposition inline' })
  @Optional()
  @IsIn(['1', '0', 'true', 'false'])
  inline?: string;

  @ApiPropertyOptional({ enum: ['inline', 'attachment'] })
  @Optional()
  @IsIn(['inline', 'attachment'])
  disposition?: string;

  wantsInline(): boolean {
    return this.inline === '1' || this.inline === 'true' || this.disposition === 'inline';
  }
}
