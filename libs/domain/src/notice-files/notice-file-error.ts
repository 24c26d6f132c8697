/**
 * Why a file cannot be imported: `unsupported` (a format we do not read: 415), `unreadable`
 * (the format is right but the content is broken or has no text: 422), `too-large` (413).
 * The message is Chinese, for the person who chose the file.
 */
export type NoticeFileProblem = 'unsupported' | 'unreadable' | 'too-large';

export class NoticeFileError extends Error {
  constructor(
    readonly problem: NoticeFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'NoticeFileError';
  }
}
