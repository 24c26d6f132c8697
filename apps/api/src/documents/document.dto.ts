import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches } from 'class-validator';
import { Optional } from '../common/optional';
import type { DirectiveDocuments, FileRef } from '@cascade/contracts';

/** Ids returned by POST /api/files. */
export const FILE_ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;
const FILE_ID_MESSAGE = '文件编号格式不正确';
/** Above the configurable per-document limit's range; the limit itself is checked by the service (422). */
export const FILE_IDS_MAX = 100;

/** 正文 and 附件 of a directive as files uploaded before (POST /api/files). */
export class DocumentFileIdsDto {
  @ApiPropertyOptional({ description: '正文 file id', pattern: FILE_ID_PATTERN.source })
  @Optional()
  @IsString()
  @Matches(FILE_ID_PATTERN, { message: FILE_ID_MESSAGE })
  bodyFileId?: string;

  @ApiPropertyOptional({ type: [String], description: '附件 file ids, in order', maxItems: FILE_IDS_MAX })
  @Optional()
  @IsArray()
  @ArrayMaxSize(FILE_IDS_MAX)
  @IsString({ each: true })
  @Matches(FILE_ID_PATTERN, { each: true, message: FILE_ID_MESSAGE })
  attachmentFileIds?: string[];
}

export class FileRefDto {
  @ApiProperty() fileId!: string;
  @ApiProperty({ description: 'Hex SHA-256 of the content' }) sha256!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ example: '/api/files/3f2a…', description: 'Where to download it' }) href!: string;
}

export class DirectiveDocumentsDto {
  @ApiProperty({ type: FileRefDto, nullable: true, description: '正文' }) bodyFile!: FileRefDto | null;
  @ApiProperty({ type: [FileRefDto], description: '附件; a forward lists the upstream document first' })
  attachments!: FileRefDto[];
}

/** One upstream directive of a forward (上级来文), from the top of the chain down. */
export class ChainLinkDto {
  @ApiProperty() directiveId!: string;
  @ApiProperty() docNumber!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuerUnit!: string;
  @ApiProperty() issuerName!: string;
  @ApiProperty({ example: '/api/directives/2f1c…' }) href!: string;
}

export function fileView(file: FileRef): FileRefDto {
  return {
    fileId: file.fileId,
    sha256: file.sha256,
    name: file.name,
    size: file.size,
    mediaType: file.mediaType,
    href: `/api/files/${encodeURIComponent(file.fileId)}`,
  };
}

export function documentsView(documents: DirectiveDocuments | null | undefined): DirectiveDocumentsDto {
  return {
    bodyFile: documents?.bodyFile ? fileView(documents.bodyFile) : null,
    attachments: (documents?.attachments ?? []).map(fileView),
  };
}
