// Reading notices from their files (DOCX, PDF, OFD, TXT). Kept out of @cascade/domain's index.ts:
// it reaches zip, PDF and encoding libraries that Temporal's workflow bundler must never see.
export { NoticeFileError, type NoticeFileProblem } from './notice-file-error';
export { decodeNoticeText } from './notice-text-decoding';
export {
  MAX_NOTICE_FILE_BYTES,
  readNoticeFile,
  type NoticeFileFormat,
  type NoticeFileText,
} from './notice-file-reader';
