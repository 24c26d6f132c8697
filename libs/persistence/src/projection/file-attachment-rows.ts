import { type DirectiveDocuments, type FileRef, type FileRole, type ReportRecord } from '@cascade/contracts';
import type { FileAttachmentEntity } from '../entities/file-attachment.entity';

/**
 * The file_attachments rows of a directive version's documents: `{directiveId}:BODY:0` and
 * `{directiveId}:ATTACHMENT:{n}` for the issued version, `{directiveId}:v{version}:…` for an
 * amendment's files. Earlier versions' rows stay: their files remain readable (留痕).
 */
export function directiveAttachmentRows(
  directiveId: string,
  version: number,
  documents: DirectiveDocuments | null | undefined,
  attachedAt: number,
): FileAttachmentEntity[] {
  if (!documents) return [];
  const prefix = version === 1 ? directiveId : `${directiveId}:v${version}`;
  const row = (file: FileRef, role: FileRole, position: number): FileAttachmentEntity => ({
    id: `${prefix}:${role}:${position}`,
    fileId: file.fileId,
    role,
    directiveId,
    assignmentId: null,
    reportId: null,
    position,
    attachedAt,
  });
  return [
    ...(documents.bodyFile ? [row(documents.bodyFile, 'BODY', 0)] : []),
    ...(documents.attachments ?? []).map((file, n) => row(file, 'ATTACHMENT', n)),
  ];
}

/** The rows of one report version's files: `{reportId}:REPORT:{n}`. */
export function reportAttachmentRows(
  directiveId: string,
  assignmentId: string,
  report: ReportRecord,
): FileAttachmentEntity[] {
  return (report.files ?? []).map((file, position) => ({
    id: `${report.id}:REPORT:${position}`,
    fileId: file.fileId,
    role: 'REPORT',
    directiveId,
    assignmentId,
    reportId: report.id,
    position,
    attachedAt: report.submittedAt,
  }));
}
