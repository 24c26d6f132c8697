/** What a file is called when its upload names nothing usable. */
export const UNNAMED_FILE = '未命名文件';

const MAX_NAME_LENGTH = 200;

/**
 * An uploaded file's name as shown and downloaded: the last segment of any path, without control,
 * format or line-separator characters, trimmed; Chinese and other letters stay. Never empty, `.` or `..`.
 */
export function cleanFileName(raw: string | undefined | null): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '');
  if (cleaned === '') return UNNAMED_FILE;
  const chars = [...cleaned];
  if (chars.length <= MAX_NAME_LENGTH) return cleaned;
  // Too long: shortened before the extension, which says what opens the file.
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  const stem = [...cleaned.slice(0, cleaned.length - extension.length)];
  return stem.slice(0, MAX_NAME_LENGTH - [...extension].length).join('') + extension;
}
