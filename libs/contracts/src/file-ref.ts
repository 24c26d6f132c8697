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
