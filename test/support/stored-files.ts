import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileRef } from '@cascade/contracts';
import { FilesRepository, fileRefOf } from '@cascade/persistence';
import { FILE_STORE, type FileStore } from '@cascade/storage';
import type { INestApplication } from '@nestjs/common';

/**
 * Puts a file into the API's store as if `unitCode` had uploaded it, and returns its FileRef: the
 * bytes into the FileStore, the metadata through FilesRepository. Tests create their files here,
 * in one place, so that they can switch to `POST /api/files` in one place too.
 */
export async function storeFile(
  h: { app: INestApplication },
  unitCode: string,
  name: string,
  content: Buffer | string,
  mediaType = 'application/pdf',
): Promise<FileRef> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const store = h.app.get<FileStore>(FILE_STORE);
  await store.ready();
  const stored = await store.put(Readable.from([bytes]));
  const row = await h.app.get(FilesRepository).create({
    sha256: stored.sha256,
    name,
    size: stored.size,
    mediaType,
    uploaderUnit: unitCode,
    uploadedBy: `test ${unitCode}`,
    uploadedAt: Date.now(),
  });
  return fileRefOf(row);
}

/** A small PDF-looking file (magic bytes and the text), distinct per text. */
export function pdfBytes(text: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
