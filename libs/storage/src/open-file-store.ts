import * as path from 'node:path';
import type { FileStore } from './file-store';
import { LocalFileStore } from './local-file-store';
import { S3FileStore } from './s3-file-store';

/**
 * The file store a storage URL names:
 * - unset: files under `<dataDir>/files` on this machine;
 * - `file:///abs/dir`: files under that directory;
 * - `s3://[accessKey:secretKey@]bucket?endpoint=http://host:9000&region=…&forcePathStyle=true`: an
 *   S3-compatible bucket; without keys in the URL the AWS SDK's usual chain (AWS_ACCESS_KEY_ID …) applies.
 * Throws with a message naming the variable when the URL is not one of these.
 */
export function openFileStore(storageUrl: string | undefined, dataDir: string): FileStore {
  if (!storageUrl) return new LocalFileStore(path.join(dataDir, 'files'));
  let url: URL;
  try {
    url = new URL(storageUrl);
  } catch {
    throw new Error(`CASCADE_STORAGE_URL is not a URL: ${storageUrl}`);
  }
  if (url.protocol === 'file:') return new LocalFileStore(decodeURIComponent(url.pathname));
  if (url.protocol !== 's3:')
    throw new Error(`CASCADE_STORAGE_URL must start with s3:// or file://, got ${url.protocol}//`);
  const bucket = url.hostname;
  if (!bucket) throw new Error('CASCADE_STORAGE_URL names no bucket (s3://BUCKET?endpoint=…)');
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  const credentials = url.username
    ? { accessKeyId: decodeURIComponent(url.username), secretAccessKey: decodeURIComponent(url.password) }
    : undefined;
  return new S3FileStore({
    bucket,
    client: {
      endpoint,
      region: url.searchParams.get('region') ?? 'us-east-1',
      // MinIO and most on-premises stores address buckets by path, not by host name.
      forcePathStyle: (url.searchParams.get('forcePathStyle') ?? (endpoint ? 'true' : 'false')) === 'true',
      credentials,
    },
  });
}
