import {
  BadRequestException,
  Inject,
  Injectable,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { CASCADE_CONFIG, type CascadeConfig, storageConfigOf } from '@cascade/config';
import { type FileAttachmentEntity, FilesRepository, type StoredFileEntity } from '@cascade/persistence';
import {
  type ByteRange,
  FILE_STORE,
  type FileStore,
  FileTooLargeError,
  type OpenedContent,
  type StoredFile,
  StoreUnavailableError,
} from '@cascade/storage';
import type { Caller } from '../auth/caller';
import { FileAccessService } from './file-access.service';
import { cleanFileName } from './file-name';
import type { FileAttachmentView, FileMetaView, FileView, UploadQuery } from './files.dto';
import {
  ALLOWED_TYPES_TEXT,
  detectMediaType,
  MEDIA_TYPES,
  NotTextError,
  SNIFF_BYTES,
  Utf8TextCheck,
} from './media-types';
import { RAW_UPLOAD_TYPE, receiveRawUpload, receiveUpload, sniff, UploadInterruptedError } from './multipart-upload';
import { toIso } from '../common/instants';

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

export function fileView(file: StoredFileEntity): FileView {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    sha256: file.sha256,
    mediaType: file.mediaType,
    uploadedAt: toIso(file.uploadedAt),
  };
}

function attachmentView(row: FileAttachmentEntity): FileAttachmentView {
  return {
    role: row.role,
    directiveId: row.directiveId,
    assignmentId: row.assignmentId,
    reportId: row.reportId,
    position: row.position,
    attachedAt: toIso(row.attachedAt),
  };
}

/** Uploads stream from the request into the file store; downloads stream from the store to whoever may read the file. */
@Injectable()
export class FilesService {
  private readonly maxBytes: number;

  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(CASCADE_CONFIG) config: CascadeConfig,
    private readonly files: FilesRepository,
    private readonly access: FileAccessService,
  ) {
    this.maxBytes = storageConfigOf(config).maxFileBytes;
  }

  /**
   * Stores the request's file, its type told by its first bytes. The row that makes it visible is
   * written only once the whole content is in the store, so a refused or interrupted upload leaves nothing.
   */
  async upload(caller: Caller, request: Request, response: Response, query: UploadQuery): Promise<FileView> {
    let received: { stored: StoredFile; mediaType: string; name: string | undefined };
    try {
      if (request.is(RAW_UPLOAD_TYPE)) {
        received = await receiveRawUpload(request, response, (content) => this.storeContent(content, query.name));
      } else {
        const upload = await receiveUpload(request, response, (content, info) =>
          this.storeContent(content, info.filename),
        );
        const name = upload.fields.name || query.name || upload.result.name;
        received = { ...upload.result, name };
      }
    } catch (error) {
      throw this.uploadProblem(error);
    }
    const { stored, mediaType, name } = received;
    const file = await this.files.create({
      sha256: stored.sha256,
      size: stored.size,
      name: cleanFileName(name),
      mediaType,
      uploadedAt: Date.now(),
      uploaderUnit: caller.unitCode,
      uploadedBy: caller.tokenId,
    });
    // The retention sweep may have removed the same bytes (an expired upload's) just before the row was
    // written; the row then has no content, and the client must send the file again.
    if ((await this.store.stat(stored.sha256)) === null) {
      await this.files.deleteUnattached(file.id);
      throw new StoreUnavailableError(`content ${stored.sha256} was removed while its upload was recorded`);
    }
    return fileView(file);
  }

  /** Tells the content's type by its first bytes, then streams all of it into the store. */
  private async storeContent(
    stream: Readable,
    name: string | undefined,
  ): Promise<{ stored: StoredFile; mediaType: string; name: string | undefined }> {
    const { head, complete, content } = await sniff(stream, SNIFF_BYTES);
    if (head.length === 0) {
      content.destroy();
      throw new UnprocessableEntityException('文件为空');
    }
    const mediaType = await detectMediaType(head, cleanFileName(name), complete);
    if (!mediaType) {
      content.destroy();
      throw new UnsupportedMediaTypeException(`不支持的文件类型：只接受 ${ALLOWED_TYPES_TEXT}`);
    }
    const checked = mediaType === MEDIA_TYPES.txt ? textChecked(content) : content;
    const stored = await this.store.put(checked, { maxBytes: this.maxBytes });
    return { stored, mediaType, name };
  }

  async meta(caller: Caller, id: string): Promise<FileMetaView> {
    const { file, attachments } = await this.access.readable(caller, id);
    return { ...fileView(file), attachments: attachments.map(attachmentView) };
  }

  /** The file's metadata when the caller may read it (404 otherwise). */
  async readableFile(caller: Caller, id: string): Promise<StoredFileEntity> {
    return (await this.access.readable(caller, id)).file;
  }

  /** The file's content, or the single byte range asked for (`null`: the whole file). */
  openContent(file: StoredFileEntity, range: ByteRange | null): Promise<OpenedContent> {
    return this.store.open(file.sha256, range ?? undefined);
  }

  private uploadProblem(error: unknown): unknown {
    if (error instanceof FileTooLargeError)
      return new PayloadTooLargeException(`文件超过 ${megabytes(this.maxBytes)} 的上限`);
    if (error instanceof NotTextError)
      return new UnsupportedMediaTypeException(
        `不支持的文件类型：文本文件须为 UTF-8 编码；只接受 ${ALLOWED_TYPES_TEXT}`,
      );
    if (error instanceof UploadInterruptedError) return new BadRequestException('上传中断，文件未保存');
    return error;
  }
}

/** The content, failing as soon as a byte is not UTF-8 text. */
function textChecked(content: Readable): Readable {
  const check = new Utf8TextCheck();
  content.once('error', (error) => check.destroy(error));
  return content.pipe(check);
}
