/**
 * Uploads in the fake TwelveLabs API: POST /assets (a form read by server.ts) and the multipart upload sessions
 * under /assets/multipart-uploads, whose chunks go to the upload origin (uploadOrigin.ts). An uploaded asset is
 * processing for assetProcessingMs, then ready (or failed); like indexing, the clock moves it on, no timer.
 */
import { randomBytes } from 'node:crypto';
import type { FormData } from './formData';
import { errorReply, iso, newId, paramInvalid, parsePaging, routeNotFound } from './routes';
import type { Reply } from './routes';
import type { FakeAccount, FakeSourceAsset, FakeUploadSession, Query } from './types';

/** "Up to 200 MB" for direct uploads: the fake reads it as MiB, the larger one. */
export const DIRECT_UPLOAD_LIMIT = 200 * 1024 ** 2;
/** "Video and audio: up to 10 GB" for multipart uploads. */
const MULTIPART_LIMIT = 10 * 1024 ** 3;
/** At most this many presigned URLs per answer (documented for presigned-urls; the fake's choice for create). */
const URL_BATCH = 50;
const SESSION_TTL_MS = 24 * 3_600_000;

export interface UploadContext {
  account: FakeAccount;
  /** Epoch ms. */
  now: number;
  uploadOrigin: string;
  sessions: Map<string, FakeUploadSession>;
  /** Assets still processing, by ID: since when, for how long, how it ends, and their size once ready. */
  processing: Map<string, Processing>;
  assetProcessingMs: number;
  failProcessing: (filename: string) => boolean;
  chunkBytes: number;
  presignedTtlMs: number;
  uploadHeaders: Record<string, string>;
}

export interface Processing {
  since: number;
  ms: number;
  fails: boolean;
  size: number;
}

/** What the form of a POST /assets came to: its fields, or why it was not read. */
export type PostedForm = FormData | 'tooLarge' | 'malformed';

const notProvided = (name: string) => errorReply(400, 'parameter_not_provided', `The ${name} parameter is required.`);
const created = (body: unknown): Reply => ({ status: 201, body });

const MIME_TYPES: Partial<Record<string, string>> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  avi: 'video/x-msvideo',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
};
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

const mimeOf = (filename: string) => MIME_TYPES[/\.([^.]+)$/.exec(filename)?.[1].toLowerCase() ?? ''];

/** Finishes processing where its time is up: ready with a size and a duration (4 Mbit/s, at least 1 s), or failed. */
export function advanceProcessing(ctx: UploadContext): void {
  for (const [id, { since, ms, fails, size }] of ctx.processing) {
    if (ctx.now < since + ms) continue;
    ctx.processing.delete(id);
    const asset = ctx.account.sourceAssets?.find((a) => a._id === id);
    if (!asset) continue;
    asset.status = fails ? 'failed' : 'ready';
    if (!fails) Object.assign(asset, { size, duration: Math.max(1, Math.round((size * 8) / 4_000) / 1000) });
  }
}

function newSourceAsset(ctx: UploadContext, asset: Omit<FakeSourceAsset, 'status' | 'created_at'>, size: number) {
  const made: FakeSourceAsset = { ...asset, status: 'processing', created_at: iso(ctx.now) };
  (ctx.account.sourceAssets ??= []).push(made);
  const { filename = '' } = made;
  ctx.processing.set(made._id, {
    since: ctx.now,
    ms: ctx.assetProcessingMs,
    fails: ctx.failProcessing(filename),
    size,
  });
  advanceProcessing(ctx);
  return made;
}

/** The recorded body of a POST /assets: its fields and the file's description, never the file's bytes. */
export function formRecord(form: PostedForm): unknown {
  if (typeof form === 'string') return undefined;
  const { method, filename, url } = form.fields;
  const file = form.files.find((f) => f.field === 'file');
  return {
    method,
    ...(filename !== undefined && { filename }),
    ...(url !== undefined && { url }),
    ...(file && { file: { filename: file.filename, contentType: file.contentType, bytes: file.bytes } }),
  };
}

/** POST /assets: method=direct with a file part, or method=url with a URL. 201 with the Asset (processing). */
export function postAsset(ctx: UploadContext, form: PostedForm): Reply {
  const tooLarge = (bytes?: number) =>
    errorReply(413, 'parameter_invalid', `The file is ${bytes ?? 'over'} bytes: direct uploads are up to 200 MB.`);
  if (form === 'tooLarge') return tooLarge();
  if (form === 'malformed') return paramInvalid('body', 'It must be multipart/form-data.');
  const { method, url } = form.fields;
  const filename = form.fields.filename || undefined; // an empty one is none
  if (method === undefined) return notProvided('method');
  let asset: Omit<FakeSourceAsset, 'status' | 'created_at'> & { filename: string };
  let size: number;
  if (method === 'direct') {
    const file = form.files.find((f) => f.field === 'file');
    if (!file) return notProvided('file');
    if (file.bytes > DIRECT_UPLOAD_LIMIT) return tooLarge(file.bytes);
    if (file.bytes === 0) return paramInvalid('file', 'It is empty.');
    const type = file.contentType.split(';')[0].trim().toLowerCase();
    if (!/^(video|audio)\/|^application\/octet-stream$/.test(type)) {
      return errorReply(415, 'parameter_invalid', `The file type ${type} is not supported: upload video or audio.`);
    }
    const name = filename ?? file.filename;
    const fileType = type === 'application/octet-stream' ? (mimeOf(name) ?? type) : type;
    asset = { _id: newId(ctx.now), method, filename: name, file_type: fileType };
    size = file.bytes;
  } else if (method === 'url') {
    if (url === undefined) return notProvided('url');
    const parsed = parseUrl(url);
    if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
      return paramInvalid('url', 'It must be an http or https URL.');
    }
    const name = filename ?? decode(parsed.pathname.split('/').at(-1) || parsed.hostname);
    asset = { _id: newId(ctx.now), method, filename: name, file_type: mimeOf(name) ?? 'video/mp4' };
    size = 48_000_000; // the fake never fetches it
  } else return paramInvalid('method', 'It must be one of: direct, url.');
  const { _id, status, created_at, file_type } = newSourceAsset(ctx, asset, size);
  return created({ _id, method, status, filename: asset.filename, file_type, created_at });
}

/** Handles /assets/multipart-uploads[/...]; undefined for any other path. */
export function routeUploads(ctx: UploadContext, method: string, path: string, query: Query, body: unknown) {
  const segs = path.split('/').slice(1);
  if (segs[0] !== 'assets' || segs[1] !== 'multipart-uploads') return undefined;
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const [id, sub] = segs.slice(2).map(decode);
  const verb = method.toUpperCase();
  if (segs.length === 2) {
    if (verb === 'GET') return listIncomplete(ctx, query);
    return verb === 'POST' ? createSession(ctx, fields) : routeNotFound();
  }
  const session = ctx.sessions.get(id);
  const known = (answer: (s: FakeUploadSession) => Reply) =>
    session ? answer(session) : errorReply(404, 'resource_not_exist', `Upload session ${id} does not exist.`);
  if (segs.length === 3 && verb === 'GET') return known((s) => sessionStatus(ctx, s, query));
  if (segs.length === 3 && verb === 'POST') return known((s) => reportChunks(ctx, s, fields));
  if (segs.length === 4 && sub === 'presigned-urls' && verb === 'POST') {
    return known((s) => morePresignedUrls(ctx, s, fields));
  }
  return routeNotFound();
}

const statusOf = (ctx: UploadContext, s: FakeUploadSession) =>
  s.status === 'active' && ctx.now >= Date.parse(s.expires_at) ? 'expired' : s.status;
export const chunkSizeOf = (s: FakeUploadSession, index: number) =>
  Math.min(s.chunk_size, s.total_size - (index - 1) * s.chunk_size);
const isWhole = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function presignedUrl(ctx: UploadContext, s: FakeUploadSession, chunkIndex: number) {
  const signature = randomBytes(16).toString('hex');
  const expiresMs = ctx.now + ctx.presignedTtlMs;
  s.signatures.set(signature, { chunkIndex, expiresMs });
  const url = `${ctx.uploadOrigin}/upload/${s.upload_id}/${chunkIndex}?expires=${expiresMs}&signature=${signature}`;
  return { chunk_index: chunkIndex, url, expires_at: iso(expiresMs) };
}

const urlsFor = (ctx: UploadContext, s: FakeUploadSession, start: number, count: number) =>
  Array.from({ length: Math.min(count, s.total_chunks - start + 1) }, (_, i) => presignedUrl(ctx, s, start + i));

function createSession(ctx: UploadContext, fields: Record<string, unknown>): Reply {
  const { filename, type, total_size: size } = fields;
  const missing = ['filename', 'type', 'total_size'].find((name) => fields[name] === undefined);
  if (missing) return notProvided(missing);
  if (typeof filename !== 'string' || filename === '')
    return paramInvalid('filename', 'It must be a non-empty string.');
  if (type !== 'video' && type !== 'audio' && type !== 'image') {
    return paramInvalid('type', 'It must be one of: video, audio, image.');
  }
  if (!isWhole(size, 1, MULTIPART_LIMIT)) return paramInvalid('total_size', 'It must be from 1 byte to 10 GB.');
  const session: FakeUploadSession = {
    upload_id: newId(ctx.now),
    asset_id: newId(ctx.now),
    filename,
    total_size: size,
    chunk_size: ctx.chunkBytes,
    total_chunks: Math.ceil(size / ctx.chunkBytes),
    status: 'active',
    created_at: iso(ctx.now),
    updated_at: iso(ctx.now),
    expires_at: iso(ctx.now + SESSION_TTL_MS),
    etags: new Map(),
    completed: new Map(),
    signatures: new Map(),
    upload_headers: { ...ctx.uploadHeaders },
  };
  ctx.sessions.set(session.upload_id, session);
  const { upload_id, asset_id, chunk_size, total_chunks, expires_at, upload_headers } = session;
  const upload_urls = urlsFor(ctx, session, 1, URL_BATCH);
  const signedHeaders = Object.keys(upload_headers).length > 0 ? { upload_headers } : {};
  return created({ upload_id, asset_id, upload_urls, chunk_size, total_chunks, expires_at, ...signedHeaders });
}

const inactive = (ctx: UploadContext, s: FakeUploadSession) =>
  paramInvalid('upload_id', `The upload session is ${statusOf(ctx, s)}.`);

function morePresignedUrls(ctx: UploadContext, s: FakeUploadSession, fields: Record<string, unknown>): Reply {
  const { start, count } = fields;
  if (start === undefined || count === undefined) return notProvided(start === undefined ? 'start' : 'count');
  if (!isWhole(start, 1, s.total_chunks)) return paramInvalid('start', `It must be from 1 to ${s.total_chunks}.`);
  if (!isWhole(count, 1, URL_BATCH)) return paramInvalid('count', `It must be from 1 to ${URL_BATCH}.`);
  if (statusOf(ctx, s) !== 'active') return inactive(ctx, s);
  const upload_urls = urlsFor(ctx, s, start, count);
  const generated_at = iso(ctx.now);
  const expires_at = iso(ctx.now + ctx.presignedTtlMs);
  const answer = { upload_id: s.upload_id, start_index: start, count: upload_urls.length, upload_urls };
  return { status: 200, body: { ...answer, generated_at, expires_at } };
}

/**
 * Each chunk's proof must be the ETag the upload origin gave it and its chunk_size the chunk's; one bad chunk
 * refuses the batch. Chunks already reported count as duplicates. The last one completes the session.
 */
function reportChunks(ctx: UploadContext, s: FakeUploadSession, fields: Record<string, unknown>): Reply {
  const chunks = fields.completed_chunks;
  if (chunks === undefined) return notProvided('completed_chunks');
  if (!Array.isArray(chunks) || chunks.length === 0) return paramInvalid('completed_chunks', 'It must be a list.');
  if (statusOf(ctx, s) === 'expired' || s.status === 'failed') return inactive(ctx, s);
  for (const chunk of chunks as Record<string, unknown>[]) {
    const { chunk_index: index, proof, proof_type: proofType, chunk_size: size } = chunk;
    if (!isWhole(index, 1, s.total_chunks)) return paramInvalid('chunk_index', `It must be 1 to ${s.total_chunks}.`);
    if (proofType !== 'etag') return paramInvalid('proof_type', 'It must be etag.');
    if (typeof proof !== 'string' || proof !== s.etags.get(index)) {
      return paramInvalid('proof', `It is not the ETag of the upload of chunk ${index}.`);
    }
    if (size !== chunkSizeOf(s, index))
      return paramInvalid('chunk_size', `Chunk ${index} is not ${String(size)} bytes.`);
  }
  let processed = 0;
  for (const { chunk_index: index } of chunks as { chunk_index: number }[]) {
    if (s.completed.has(index)) continue;
    s.completed.set(index, iso(ctx.now));
    processed += 1;
  }
  s.updated_at = iso(ctx.now);
  const done = s.completed.size === s.total_chunks;
  if (done && s.status === 'active') {
    s.status = 'completed';
    const file_type = mimeOf(s.filename) ?? 'video/mp4';
    newSourceAsset(ctx, { _id: s.asset_id, method: 'multipart', filename: s.filename, file_type }, s.total_size);
  }
  const counts = { processed_chunks: processed, duplicate_chunks: chunks.length - processed };
  return { status: 200, body: { ...(done && { asset_id: s.asset_id }), ...counts, total_completed: s.completed.size } };
}

const pageInfo = (page: number, limit: number, total: number) => {
  return { limit_per_page: limit, page, total_page: Math.ceil(total / limit), total_results: total };
};

/** One page of the reported chunks (in index order), with the session's totals. */
function sessionStatus(ctx: UploadContext, s: FakeUploadSession, query: Query): Reply {
  const paging = parsePaging({ page: query.page, page_limit: query.page_limit });
  if ('status' in paging) return paging;
  const { page, limit } = paging;
  const indexes = [...s.completed.keys()].sort((a, b) => a - b);
  const uploaded_chunks = indexes
    .slice((page - 1) * limit, page * limit)
    .map((index) => ({ index, status: 'completed', uploaded_at: s.completed.get(index) }));
  const total = indexes.length;
  const page_info = pageInfo(page, limit, total);
  return {
    status: 200,
    body: {
      upload_id: s.upload_id,
      status: statusOf(ctx, s),
      uploaded_chunks,
      chunks_completed: total,
      chunks_pending: s.total_chunks - total,
      chunks_failed: 0,
      page_info,
      total_size: s.total_size,
      uploaded_size: indexes.reduce((sum, index) => sum + chunkSizeOf(s, index), 0),
      created_at: s.created_at,
      updated_at: s.updated_at,
    },
  };
}

/** The active sessions, newest first. */
function listIncomplete(ctx: UploadContext, query: Query): Reply {
  const paging = parsePaging({ page: query.page, page_limit: query.page_limit });
  if ('status' in paging) return paging;
  const { page, limit } = paging;
  const active = [...ctx.sessions.values()]
    .filter((s) => statusOf(ctx, s) === 'active')
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.upload_id < b.upload_id ? 1 : -1));
  const data = active
    .slice((page - 1) * limit, page * limit)
    .map(({ upload_id, status, total_size, chunk_size, total_chunks, created_at, expires_at }) => {
      return { upload_id, status, total_size, chunk_size, total_chunks, created_at, expires_at };
    });
  return { status: 200, body: { data, page_info: pageInfo(page, limit, active.length) } };
}
