import { Injectable, NotFoundException } from '@nestjs/common';
import { type FileAttachmentEntity, FilesRepository, type StoredFileEntity } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';

/** A stored file the caller may read, with the places it is attached to that the caller may see. */
export interface ReadableFile {
  file: StoredFileEntity;
  attachments: FileAttachmentEntity[];
}

/**
 * Who may read a file: its uploader's unit always; anyone else only through an attachment — the
 * 正文 or 附件 of a directive they may read, or a report of an assignment whose reports they may read —
 * decided by the same access rules as the directive or the assignment. Anything else is a 404, so
 * that a file's existence never leaks.
 */
@Injectable()
export class FileAccessService {
  constructor(
    private readonly files: FilesRepository,
    private readonly access: AccessPolicy,
  ) {}

  async readable(caller: Caller, id: string): Promise<ReadableFile> {
    const file = await this.files.get(id);
    if (!file) throw notFound(id);
    const attachments = await this.files.attachmentsOf(file.id);
    const seen: FileAttachmentEntity[] = [];
    for (const attachment of attachments) {
      if (await this.maySee(caller, attachment)) seen.push(attachment);
    }
    if (file.uploaderUnit !== caller.unitCode && seen.length === 0) throw notFound(id);
    return { file, attachments: file.uploaderUnit === caller.unitCode ? attachments : seen };
  }

  private async maySee(caller: Caller, attachment: FileAttachmentEntity): Promise<boolean> {
    try {
      if (attachment.role === 'REPORT') {
        if (!attachment.assignmentId) return false;
        await this.access.readableAssignment(caller, attachment.assignmentId);
      } else {
        await this.access.readableDirective(caller, attachment.directiveId);
      }
      return true;
    } catch (error) {
      if (error instanceof NotFoundException) return false;
      throw error;
    }
  }
}

export function notFound(id: string): NotFoundException {
  return new NotFoundException(`文件 ${id} 不存在`);
}
