import { HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { DirectiveDocuments, FileRef } from '@cascade/contracts';
import { CASCADE_CONFIG, type CascadeConfig, storageConfigOf } from '@cascade/config';
import { type FileAttachmentEntity, FilesRepository, fileRefOf } from '@cascade/persistence';
import { AccessPolicy } from '../auth/access-policy.service';
import type { Caller } from '../auth/caller';

/** The file ids a directive (issue, forward or amendment) names as its documents. */
export interface DocumentFileIds {
  bodyFileId?: string | null;
  attachmentFileIds?: string[];
}

/**
 * Turns the file ids of a request into the FileRefs workflows carry, after checking each file may
 * be used by the acting unit: its own upload, or a file already attached to something the caller
 * may read (a 转发 re-using the upstream 附件). Any other id is answered as if it did not exist.
 */
@Injectable()
export class DocumentFilesService {
  constructor(
    @Inject(CASCADE_CONFIG) private readonly config: CascadeConfig,
    private readonly files: FilesRepository,
    private readonly access: AccessPolicy,
  ) {}

  private get limit(): number {
    return storageConfigOf(this.config).filesPerDocument;
  }

  /** The documents named by `ids`, or undefined when they name no file. */
  async documents(
    caller: Caller,
    unitCode: string,
    ids: DocumentFileIds | undefined,
  ): Promise<DirectiveDocuments | undefined> {
    if (!ids) return undefined;
    const attachmentIds = ids.attachmentFileIds ?? [];
    const all = [...(ids.bodyFileId ? [ids.bodyFileId] : []), ...attachmentIds];
    if (all.length === 0 && ids.attachmentFileIds === undefined) return undefined;
    if (new Set(all).size !== all.length) throw unprocessable('documents', '正文和附件中有重复的文件');
    const refs = await this.resolve(caller, unitCode, all, 'documents');
    // Only what the request names: an amendment leaves the rest as it was.
    return {
      ...(ids.bodyFileId ? { bodyFile: refs[0] } : {}),
      ...(ids.attachmentFileIds ? { attachments: ids.bodyFileId ? refs.slice(1) : refs } : {}),
    };
  }

  /** The FileRefs of 报送材料, in the order given. */
  async reportFiles(caller: Caller, unitCode: string, ids: string[] | undefined): Promise<FileRef[] | undefined> {
    if (!ids?.length) return undefined;
    if (new Set(ids).size !== ids.length) throw unprocessable('fileIds', '报送材料中有重复的文件');
    return this.resolve(caller, unitCode, ids, 'fileIds');
  }

  private async resolve(caller: Caller, unitCode: string, ids: string[], field: string): Promise<FileRef[]> {
    if (ids.length > this.limit)
      throw unprocessable(field, `一份公文或报送最多 ${this.limit} 个文件，收到 ${ids.length} 个`);
    const found = new Map((await this.files.getMany(ids)).map((file) => [file.id, file]));
    const refs: FileRef[] = [];
    for (const id of ids) {
      const file = found.get(id);
      const own = file && (file.uploaderUnit === unitCode || file.uploaderUnit === caller.unitCode);
      if (!file || !(own || (await this.readsAnyUse(caller, id)))) throw new NotFoundException(`文件 ${id} 不存在`);
      refs.push(fileRefOf(file));
    }
    return refs;
  }

  /** Whether the caller may read one of the places the file is attached to. */
  private async readsAnyUse(caller: Caller, fileId: string): Promise<boolean> {
    for (const use of await this.files.attachmentsOf(fileId)) {
      if (await this.readsUse(caller, use)) return true;
    }
    return false;
  }

  private async readsUse(caller: Caller, use: FileAttachmentEntity): Promise<boolean> {
    try {
      if (use.role === 'REPORT' && use.assignmentId) await this.access.readableAssignment(caller, use.assignmentId);
      else await this.access.readableDirective(caller, use.directiveId);
      return true;
    } catch (error) {
      if (error instanceof NotFoundException) return false;
      throw error;
    }
  }
}

function unprocessable(field: string, message: string): HttpException {
  return new HttpException(
    { statusCode: HttpStatus.UNPROCESSABLE_ENTITY, message, fields: { [field]: message } },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}
