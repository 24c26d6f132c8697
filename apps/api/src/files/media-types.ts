import { Transform, type TransformCallback } from 'node:stream';
import type * as FileTypeModule from 'file-type/source/index';

// file-type is ES modules only and typed through its "exports" map, which the project's `node` module
// resolution does not read: the types come by path, the module through Node's require of ES modules.
const FILE_TYPE_MODULE: string = 'file-type';
let fileType: Promise<typeof FileTypeModule> | null = null;
function loadFileType(): Promise<typeof FileTypeModule> {
  fileType ??= import(FILE_TYPE_MODULE) as Promise<typeof FileTypeModule>;
  return fileType;
}

/** How much of an upload's start is read to tell its type; OOXML and OFD are told by their first ZIP entries. */
export const SNIFF_BYTES = 256 * 1024;

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  ofd: 'application/ofd',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  wps: 'application/kswps',
  et: 'application/kset',
  jpg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  txt: 'text/plain; charset=utf-8',
} as const;

/** What 415 answers list as allowed. */
export const ALLOWED_TYPES_TEXT = 'PDF、OFD、DOC/DOCX、XLS/XLSX、WPS/ET、JPG/PNG、ZIP、TXT';

/** Office 97–2003 and WPS documents are all OLE2 compound files: the name's extension says which one. */
const OLE2_BY_EXTENSION: Record<string, string> = {
  doc: MEDIA_TYPES.doc,
  dot: MEDIA_TYPES.doc,
  xls: MEDIA_TYPES.xls,
  xlt: MEDIA_TYPES.xls,
  wps: MEDIA_TYPES.wps,
  wpt: MEDIA_TYPES.wps,
  et: MEDIA_TYPES.et,
  ett: MEDIA_TYPES.et,
};

const BY_FILE_TYPE: Record<string, string> = {
  'application/pdf': MEDIA_TYPES.pdf,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': MEDIA_TYPES.docx,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': MEDIA_TYPES.xlsx,
  'image/jpeg': MEDIA_TYPES.jpg,
  'image/png': MEDIA_TYPES.png,
};

const LOCAL_FILE_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Names of the ZIP entries whose local headers lie in `head` (the central directory is at the end, out of reach). */
function zipEntryNames(head: Buffer): string[] {
  const names: string[] = [];
  for (let at = head.indexOf(LOCAL_FILE_HEADER); at >= 0 && at + 30 <= head.length;) {
    const nameLength = head.readUInt16LE(at + 26);
    if (at + 30 + nameLength > head.length) break;
    names.push(head.toString('utf8', at + 30, at + 30 + nameLength));
    at = head.indexOf(LOCAL_FILE_HEADER, at + 30 + nameLength);
  }
  return names;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Whether `head` is UTF-8 text without NUL bytes; `complete` says whether it is the whole file (else a cut sequence at its end is fine). */
function isUtf8Text(head: Buffer, complete: boolean): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/**
 * The media type of an upload from its first bytes (magic numbers, not the name), or null when
 * the type is not allowed. The name only tells apart kinds that share one container (OLE2).
 */
export async function detectMediaType(head: Buffer, name: string, complete: boolean): Promise<string | null> {
  const found = await (await loadFileType()).fileTypeFromBuffer(head);
  if (found) {
    if (BY_FILE_TYPE[found.mime]) return BY_FILE_TYPE[found.mime];
    if (found.ext === 'zip') return zipEntryNames(head).includes('OFD.xml') ? MEDIA_TYPES.ofd : MEDIA_TYPES.zip;
    if (found.ext === 'cfb') return OLE2_BY_EXTENSION[extensionOf(name)] ?? null;
    return null;
  }
  return isUtf8Text(head, complete) ? MEDIA_TYPES.txt : null;
}

export class NotTextError extends Error {
  constructor() {
    super('text upload is not valid UTF-8 or holds NUL bytes');
    this.name = 'NotTextError';
  }
}

/** Passes a text upload through and fails it as soon as a byte is not UTF-8 text, past the part the type was told from. */
export class Utf8TextCheck extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      if (chunk.includes(0)) throw new NotTextError();
      this.decoder.decode(chunk, { stream: true });
      callback(null, chunk);
    } catch {
      callback(new NotTextError());
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.decode();
      callback();
    } catch {
      callback(new NotTextError());
    }
  }
}
