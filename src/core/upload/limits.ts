// The sizes and counts that bound an upload.

/** Direct uploads: "up to 200 MB". 200,000,000 holds under either reading of MB. */
export const DIRECT_UPLOAD_MAX_BYTES = 200_000_000;
/** Multipart: "Video and audio: up to 10 GB" (CreateAssetUploadRequest). */
export const UPLOAD_MAX_BYTES = 10 * 1024 ** 3;
/** Chunk PUTs in flight per multipart upload: at least this many, */
const CHUNK_CONCURRENCY = 4;
/** and more while they hold less than BYTES_IN_FLIGHT, since a small chunk costs as much per request as a large one. */
export const MAX_CHUNK_CONCURRENCY = 8;
const BYTES_IN_FLIGHT = 64 * 1024 ** 2;

/** How many chunks of `chunkSize` bytes are sent at once (4 of 64 MiB, 8 of 5 MiB: measured in bench (f)). */
export function chunksInFlight(chunkSize: number): number {
  return Math.min(MAX_CHUNK_CONCURRENCY, Math.max(CHUNK_CONCURRENCY, Math.ceil(BYTES_IN_FLIGHT / chunkSize)));
}
/** Files uploading at once. */
export const FILE_CONCURRENCY = 3;
/** File extensions offered in the Explorer (lower case, no dot). Not `ts`/`mts` (TypeScript). */
export const VIDEO_EXTENSIONS = [
  'mp4',
  'm4v',
  'mov',
  'mkv',
  'webm',
  'avi',
  'wmv',
  'flv',
  'mpg',
  'mpeg',
  '3gp',
  'ogv',
  'm2ts',
] as const;
