/**
 * A stored file as workflows, events and the read model refer to it: by id and content hash, never
 * by content (Temporal payloads stay small). The bytes live in the file store under `sha256`.
 */
export interface FileRef {
  /** Id returned by `POST /api/files`. */
  fileId: string;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** File name as uploaded, cleaned of path and control characters. */
  name: string;
  /** Bytes. */
  size: number;
  /** Media type detected from the content (magic bytes), not from the name. */
  mediaType: string;
}

/** What a file is to the document it is attached to. */
export const FILE_ROLES = ['BODY', 'ATTACHMENT', 'REPORT'] as const;
export type FileRole = (typeof FILE_ROLES)[number];

/** The files of a directive (issue or forward) besides its text: 正文 and 附件. */
export interface DirectiveDocuments {
  /** 正文 as a file (PDF/OFD/DOCX…), if any. */
  bodyFile?: FileRef | null;
  /** 附件, in the order the issuer listed them. */
  attachments?: FileRef[];
}

/** Every file of a directive's documents, 正文 first. */
export function documentFiles(documents: DirectiveDocuments | null | undefined): FileRef[] {
  if (!documents) return [];
  return [...(documents.bodyFile ? [documents.bodyFile] : []), ...(documents.attachments ?? [])];
}

/**
 * A forward's documents: its own 正文, and as 附件 the upstream document (its 正文 and 附件) in front
 * of its own, each file once — a 转发 carries the notice it forwards. Undefined when there are none.
 */
export function forwardDocuments(
  upstream: DirectiveDocuments | null | undefined,
  own: DirectiveDocuments | null | undefined,
): DirectiveDocuments | undefined {
  const seen = new Set<string>(own?.bodyFile ? [own.bodyFile.fileId] : []);
  const attachments = [...documentFiles(upstream), ...(own?.attachments ?? [])].filter((file) => {
    if (seen.has(file.fileId)) return false;
    seen.add(file.fileId);
    return true;
  });
  if (!own?.bodyFile && attachments.length === 0) return undefined;
  return { bodyFile: own?.bodyFile ?? null, attachments };
}
