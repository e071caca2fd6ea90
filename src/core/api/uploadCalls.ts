// The upload endpoints: assets uploaded directly or from a URL, and multipart upload sessions.
// Like every API call they go through send(), so the key goes to the API's origin only; the chunk
// PUTs to presigned URLs do not come here (presignedPut.ts) and never carry it.
import * as l10n from '@vscode/l10n';
import { idSegment } from '../ids';
import { LocalVideo } from '../upload/localFile';
import { formBody, uploadDirect } from '../upload/direct';
import { TwelveLabsError } from './errors';
import { HttpConfig, send } from './http';
import { PageInfo } from './schemas';
import {
  ChunkReport,
  IncompleteUpload,
  PresignedUrl,
  UploadSession,
  UploadStatus,
  UploadedAsset,
  parseIncompleteUploads,
  parsePresignedUrls,
  parseReport,
  parseUploadSession,
  parseUploadStatus,
  parseUploadedAsset,
} from './uploadSchemas';

/** The most presigned URLs one request may ask for. */
export const MAX_URLS_PER_REQUEST = 50;
const PAGE_LIMIT = 50;
/** A stop for a server whose page_info never ends: 500 pages of 50 chunks is far beyond 10 GB. */
const MAX_PAGES = 500;

/** An upload ID as one path segment; anything that could reach another path is refused before sending. */
function uploadSegment(uploadId: string): string {
  if (!/^[\w.:-]{1,200}$/.test(uploadId) || /^\.+$/.test(uploadId)) {
    throw new TwelveLabsError({ kind: 'invalidInput', message: l10n.t('That upload ID is not valid.') });
  }
  return encodeURIComponent(uploadId);
}

export class UploadCalls {
  constructor(private readonly config: HttpConfig) {}

  /**
   * POST /assets method=direct, streaming the file; onSent(bytes) as bytes go out (a negative
   * number takes back the bytes of a failed attempt).
   */
  uploadFile(
    file: LocalVideo,
    options: { signal?: AbortSignal; onSent?: (bytes: number) => void } = {},
  ): Promise<UploadedAsset> {
    return uploadDirect(this.config, file, options);
  }

  /** POST /assets method=url: TwelveLabs fetches the video itself. */
  async addFromUrl(url: string, filename: string | undefined, signal?: AbortSignal): Promise<UploadedAsset> {
    const fields: [string, string][] = [['method', 'url']];
    if (filename !== undefined && filename.trim() !== '') {
      fields.push(['filename', filename.trim()]);
    }
    fields.push(['url', url]);
    const response = await send(this.config, { method: 'POST', path: '/assets', upload: formBody(fields), signal });
    return parseUploadedAsset(response.body);
  }

  async getUploadedAsset(assetId: string, signal?: AbortSignal): Promise<UploadedAsset> {
    const response = await send(this.config, { method: 'GET', path: `/assets/${idSegment(assetId, 'asset')}`, signal });
    return parseUploadedAsset(response.body);
  }

  async startMultipart(file: { filename: string; size: number }, signal?: AbortSignal): Promise<UploadSession> {
    const body = { filename: file.filename, type: 'video', total_size: file.size };
    const response = await send(this.config, { method: 'POST', path: '/assets/multipart-uploads', body, signal });
    return parseUploadSession(response.body);
  }

  /** Fresh URLs for chunks `start` (1-based) to `start + count - 1`; count is at most MAX_URLS_PER_REQUEST. */
  async presignedUrls(uploadId: string, start: number, count: number, signal?: AbortSignal): Promise<PresignedUrl[]> {
    const path = `/assets/multipart-uploads/${uploadSegment(uploadId)}/presigned-urls`;
    const body = { start, count: Math.min(count, MAX_URLS_PER_REQUEST) };
    const response = await send(this.config, { method: 'POST', path, body, signal });
    return parsePresignedUrls(response.body);
  }

  /** Tells TwelveLabs which chunks arrived; after the last one the asset exists. */
  async reportChunks(
    uploadId: string,
    chunks: readonly ChunkReport[],
    signal?: AbortSignal,
  ): Promise<{ assetId?: string; totalCompleted?: number }> {
    const body = {
      completed_chunks: chunks.map((chunk) => ({
        chunk_index: chunk.chunkIndex,
        proof: chunk.etag,
        proof_type: 'etag',
        chunk_size: chunk.size,
      })),
    };
    const path = `/assets/multipart-uploads/${uploadSegment(uploadId)}`;
    const response = await send(this.config, { method: 'POST', path, body, signal });
    return parseReport(response.body);
  }

  /** Every page of uploaded_chunks, merged. */
  async uploadStatus(uploadId: string, signal?: AbortSignal): Promise<UploadStatus> {
    const path = `/assets/multipart-uploads/${uploadSegment(uploadId)}`;
    const completed = new Set<number>();
    const last = await eachPage(async (page) => {
      const query = { page, page_limit: PAGE_LIMIT };
      const response = await send(this.config, { method: 'GET', path, query, signal });
      const status = parseUploadStatus(response.body, { page, pageLimit: PAGE_LIMIT });
      status.completedChunks.forEach((index) => completed.add(index));
      return { result: status, page: status.page };
    });
    return { ...last, completedChunks: [...completed].sort((a, b) => a - b) };
  }

  /** Every page of the account's unfinished multipart uploads. */
  async listIncompleteUploads(signal?: AbortSignal): Promise<IncompleteUpload[]> {
    const uploads: IncompleteUpload[] = [];
    await eachPage(async (page) => {
      const query = { page, page_limit: PAGE_LIMIT };
      const response = await send(this.config, { method: 'GET', path: '/assets/multipart-uploads', query, signal });
      const read = parseIncompleteUploads(response.body, { page, pageLimit: PAGE_LIMIT });
      uploads.push(...read.uploads);
      return { result: undefined, page: read.page };
    });
    return uploads;
  }
}

/** Reads pages 1, 2, … until page_info says there are no more; resolves with the last page's result. */
async function eachPage<T>(read: (page: number) => Promise<{ result: T; page: PageInfo }>): Promise<T> {
  for (let page = 1; ; page++) {
    const { result, page: info } = await read(page);
    if (page >= info.totalPages || page >= MAX_PAGES) {
      return result;
    }
  }
}
