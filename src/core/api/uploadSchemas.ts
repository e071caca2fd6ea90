import * as l10n from '@vscode/l10n';
import {
  Json,
  PageAsked,
  PageInfo,
  ShapeError,
  object,
  optionalNumber,
  optionalString,
  requiredString,
  toPage,
  validated,
} from './schemas';

// The answers of the upload endpoints (`/assets`, `/assets/multipart-uploads`), as far as uploads
// read them. Fields the official schema marks optional may be missing; those an upload cannot go
// on without (an ID, the chunk size) are required. Unknown fields are ignored.

/** An uploaded asset, from POST /assets or GET /assets/{id}. */
export interface UploadedAsset {
  _id: string;
  /** `processing`, `ready` or `failed`. */
  status?: string;
  filename?: string;
  size?: number;
}

/** Where to PUT one chunk; `chunkIndex` is 1-based. */
export interface PresignedUrl {
  chunkIndex: number;
  url: string;
  expiresAtMs?: number;
}

export interface UploadSession {
  uploadId: string;
  assetId?: string;
  chunkSize: number;
  totalChunks: number;
  /** The first chunks' URLs; the rest come from presignedUrls(). */
  urls: PresignedUrl[];
  /** Headers every chunk PUT must carry. */
  headers: Record<string, string>;
  expiresAtMs?: number;
}

export interface UploadStatus {
  uploadId: string;
  /** `active`, `completed`, `failed` or `expired`. */
  status?: string;
  /** 1-based indexes of the chunks TwelveLabs has. */
  completedChunks: number[];
  /** The last page read. */
  page: PageInfo;
}

/** An unfinished multipart upload, as the list of them describes it. */
export interface IncompleteUpload {
  uploadId: string;
  status: string;
  totalSize: number;
  chunkSize: number;
  totalChunks: number;
  createdAt?: string;
  expiresAt?: string;
}

/** A chunk TwelveLabs' storage accepted: reported as `{chunk_index, proof: etag, proof_type: 'etag', chunk_size}`. */
export interface ChunkReport {
  chunkIndex: number;
  /** Without quotes. */
  etag: string;
  size: number;
}

function wholeNumber(o: Json, key: string, path: string, min: number): number {
  const value = optionalNumber(o, key, path);
  if (value === undefined || !Number.isInteger(value) || value < min) {
    throw new ShapeError(`${path}.${key}`, l10n.t('a whole number of at least {0}', min));
  }
  return value;
}

/** A date as the SDK reads one (ISO 8601 text), in epoch ms; missing or unreadable is undefined. */
function optionalTime(o: Json, key: string, path: string): number | undefined {
  const text = optionalString(o, key, path);
  const ms = text === undefined ? NaN : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function list(o: Json, key: string, path: string): unknown[] {
  const value = o[key];
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new ShapeError(`${path}.${key}`, l10n.t('a list'));
  }
  return value;
}

/** Presigned URLs with a usable index and URL; the SDK allows either to be missing, and then it cannot be used. */
function toUrls(o: Json, path: string): PresignedUrl[] {
  return list(o, 'upload_urls', path).flatMap((value, i) => {
    const item = object(value, `${path}.upload_urls[${i}]`);
    const chunkIndex = optionalNumber(item, 'chunk_index', `${path}.upload_urls[${i}]`);
    const url = optionalString(item, 'url', `${path}.upload_urls[${i}]`);
    const expiresAtMs = optionalTime(item, 'expires_at', `${path}.upload_urls[${i}]`);
    return chunkIndex !== undefined && Number.isInteger(chunkIndex) && chunkIndex >= 1 && url
      ? [{ chunkIndex, url, expiresAtMs }]
      : [];
  });
}

/** What a request can carry: a token for a header's name, and no line break or control character in its value. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function toHeaders(o: Json, path: string): Record<string, string> {
  const value = o.upload_headers;
  if (value === undefined || value === null) {
    return {};
  }
  const headers = object(value, `${path}.upload_headers`);
  return Object.fromEntries(
    Object.keys(headers).map((name) => {
      const text = optionalString(headers, name, `${path}.upload_headers`) ?? '';
      if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(text)) {
        throw new ShapeError(`${path}.upload_headers`, l10n.t('headers a request can carry'));
      }
      return [name, text];
    }),
  );
}

export function parseUploadedAsset(body: unknown): UploadedAsset {
  return validated(l10n.t('an asset'), () => {
    const o = object(body, 'body');
    return {
      _id: requiredString(o, '_id', 'body'),
      status: optionalString(o, 'status', 'body'),
      filename: optionalString(o, 'filename', 'body'),
      size: optionalNumber(o, 'size', 'body'),
    };
  });
}

export function parseUploadSession(body: unknown): UploadSession {
  return validated(l10n.t('the answer to starting an upload'), () => {
    const o = object(body, 'body');
    return {
      uploadId: requiredString(o, 'upload_id', 'body'),
      assetId: optionalString(o, 'asset_id', 'body'),
      chunkSize: wholeNumber(o, 'chunk_size', 'body', 1),
      totalChunks: wholeNumber(o, 'total_chunks', 'body', 1),
      urls: toUrls(o, 'body'),
      headers: toHeaders(o, 'body'),
      expiresAtMs: optionalTime(o, 'expires_at', 'body'),
    };
  });
}

export function parsePresignedUrls(body: unknown): PresignedUrl[] {
  return validated(l10n.t('upload addresses'), () => toUrls(object(body, 'body'), 'body'));
}

export function parseReport(body: unknown): { assetId?: string; totalCompleted?: number } {
  return validated(l10n.t('the answer to reporting uploaded chunks'), () => {
    const o = object(body ?? {}, 'body');
    return {
      assetId: optionalString(o, 'asset_id', 'body'),
      totalCompleted: optionalNumber(o, 'total_completed', 'body'),
    };
  });
}

export function parseUploadStatus(body: unknown, asked: PageAsked): UploadStatus {
  return validated(l10n.t('the state of an upload'), () => {
    const o = object(body, 'body');
    const chunks = list(o, 'uploaded_chunks', 'body').map((value, i) => object(value, `body.uploaded_chunks[${i}]`));
    // The chunk list is paged like any list, so its page_info is read the same way.
    const { pageInfo } = toPage({ data: chunks, page_info: o.page_info }, (chunk) => chunk, asked);
    return {
      uploadId: requiredString(o, 'upload_id', 'body'),
      status: optionalString(o, 'status', 'body'),
      completedChunks: chunks.flatMap((chunk, i) => {
        const index = optionalNumber(chunk, 'index', `body.uploaded_chunks[${i}]`);
        const done = optionalString(chunk, 'status', `body.uploaded_chunks[${i}]`) === 'completed';
        return done && index !== undefined ? [index] : [];
      }),
      page: pageInfo,
    };
  });
}

function toIncompleteUpload(value: unknown, path: string): IncompleteUpload {
  const o = object(value, path);
  return {
    uploadId: requiredString(o, 'upload_id', path),
    status: requiredString(o, 'status', path),
    totalSize: wholeNumber(o, 'total_size', path, 0),
    chunkSize: wholeNumber(o, 'chunk_size', path, 1),
    totalChunks: wholeNumber(o, 'total_chunks', path, 1),
    createdAt: optionalString(o, 'created_at', path),
    expiresAt: optionalString(o, 'expires_at', path),
  };
}

export function parseIncompleteUploads(
  body: unknown,
  asked: PageAsked,
): { uploads: IncompleteUpload[]; page: PageInfo } {
  return validated(l10n.t('a list of unfinished uploads'), () => {
    const page = toPage(body, toIncompleteUpload, asked);
    return { uploads: page.items, page: page.pageInfo };
  });
}
