import * as l10n from '@vscode/l10n';
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import { basename } from 'node:path';
import { TwelveLabsClient } from '../api/client';
import { IncompleteUpload } from '../api/uploadSchemas';
import { referencesOf } from '../assetUsage';
import { ErrorKind, TwelveLabsError, toTwelveLabsError } from '../api/errors';
import { Slots } from '../limited';
import { Timing, cancelledError } from '../requestGate';
import { DIRECT_UPLOAD_MAX_BYTES, FILE_CONCURRENCY, MAX_CHUNK_CONCURRENCY } from './limits';
import { LocalVideo, openLocalVideo } from './localFile';
import { uploadMultipart } from './multipart';
import { UnfinishedUpload, UnfinishedUploads } from './unfinishedUploads';
import { waitUntilReady } from './waitUntilReady';

// Adds videos to an index: each is uploaded (directly, or through a multipart session when large),
// waited for until TwelveLabs has processed it, then indexed. A few files upload at a time, while the
// others uploaded before them wait for processing (minutes on TwelveLabs); one file's failure never
// stops the others, but an error every file would hit stops them all.

export type UploadStep = 'reading' | 'uploading' | 'processing' | 'indexing';
export type UploadSource =
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string; filename?: string }
  /** listed: the session as the list of unfinished uploads just gave it, so that it is not listed again. */
  | { kind: 'resume'; uploadId: string; path: string; listed?: IncompleteUpload }
  /** A video already uploaded (a source asset): only waited for and indexed. */
  | { kind: 'asset'; assetId: string; filename: string };
export interface AddTarget {
  indexId: string;
  indexName: string;
}
export type AddOutcome =
  | { kind: 'indexed'; assetId: string; indexedAssetId?: string }
  /** uploadId: a multipart session left for Resume. */
  | { kind: 'failed'; step: UploadStep; error: TwelveLabsError; assetId?: string; uploadId?: string }
  /** Cancelled. uploadId: a multipart session left for Resume; assetId: uploaded but not indexed. */
  | { kind: 'cancelled'; step: UploadStep; uploadId?: string; assetId?: string }
  /** A video already uploaded that the index already holds: not indexed a second time. */
  | { kind: 'alreadyIn'; assetId: string };
export interface AddResult {
  source: UploadSource;
  name: string;
  outcome: AddOutcome;
}
export interface AddEvents {
  /** Bytes going out (negative: taken back after a failed attempt). */
  onSent?: (bytes: number) => void;
  onStep?: (name: string, step: UploadStep) => void;
  /** The indexed asset now exists: the view reloads the index's rows. */
  onIndexed?: (target: AddTarget, result: AddResult) => void;
  onSettled?: (result: AddResult) => void;
}
export interface AddOptions extends AddEvents {
  signal?: AbortSignal;
  memory?: UnfinishedUploads;
  timing?: Timing;
  /** Poll interval of GET /assets/{id}: starts at 1 s, grows ×1.5 to 10 s; gives up after maxWaitMs (30 min). */
  pollMs?: number;
  maxWaitMs?: number;
  /** The multipart transfer; tests give their own. */
  multipart?: typeof uploadMultipart;
}
/** A source ready to go: a local file opened (its size known), a URL, or an uploaded asset. */
export type PreparedUpload =
  | { source: Extract<UploadSource, { kind: 'url' | 'asset' }>; name: string }
  | { source: Extract<UploadSource, { kind: 'file' | 'resume' }>; name: string; video: LocalVideo };

/** Errors every other file would hit too: stop instead of repeating them. */
const STOP_ALL_KINDS = new Set<ErrorKind>(['invalidKey', 'forbidden', 'config', 'noKey']);
/** Failures after which the rest of a multipart upload may still succeed: its session is kept for Resume, as on Cancel. */
const RESUMABLE_KINDS = new Set<ErrorKind>(['network', 'timeout', 'server', 'rateLimited', 'invalidKey']);

/**
 * Opens every local file, for the total bytes to send (the progress); files that cannot be opened
 * are failed results at step 'reading' and send nothing.
 */
export async function prepareUploads(
  sources: readonly UploadSource[],
): Promise<{ ready: PreparedUpload[]; refused: AddResult[]; totalBytes: number }> {
  const ready: PreparedUpload[] = [];
  const refused: AddResult[] = [];
  const opened = await Promise.all(
    sources.map(async (source) => {
      if (source.kind === 'url') {
        return { source, name: source.filename || nameInUrl(source.url) };
      }
      if (source.kind === 'asset') {
        return { source, name: source.filename };
      }
      return openLocalVideo(source.path).then(
        (video) => ({ source, name: video.filename, video }),
        (error: unknown): AddResult => ({
          source,
          name: basename(source.path),
          outcome: { kind: 'failed', step: 'reading', error: toTwelveLabsError(error, 'invalidInput') },
        }),
      );
    }),
  );
  for (const upload of opened) {
    if ('outcome' in upload) {
      refused.push(upload);
    } else {
      ready.push(upload);
    }
  }
  const totalBytes = ready.reduce((sum, upload) => sum + ('video' in upload ? upload.video.size : 0), 0);
  return { ready, refused, totalBytes };
}

/** One result per upload, in their order; never rejects for an API error. */
export async function addVideos(
  client: TwelveLabsClient,
  target: AddTarget,
  uploads: readonly PreparedUpload[],
  options: AddOptions,
): Promise<AddResult[]> {
  // Cancel, or an error that stops them all, aborts the uploads in flight too.
  const stopAll = new AbortController();
  const stop = (): void => {
    stopAll.abort();
  };
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) {
    stop();
  }
  // Each file's requests and chunks listen for Cancel on the one signal: that many is by design.
  setMaxListeners(defaultMaxListeners + FILE_CONCURRENCY * (MAX_CHUNK_CONCURRENCY + 2), stopAll.signal);
  const uploadSlots = new Slots(FILE_CONCURRENCY);
  try {
    return await Promise.all(
      uploads.map(async (upload) => {
        const result = await addOne(client, target, upload, uploadSlots, stopAll.signal, options);
        if (result.outcome.kind === 'failed' && STOP_ALL_KINDS.has(result.outcome.error.kind)) {
          stop();
        }
        options.onSettled?.(result);
        return result;
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
}

async function addOne(
  client: TwelveLabsClient,
  target: AddTarget,
  upload: PreparedUpload,
  uploadSlots: Slots,
  signal: AbortSignal,
  options: AddOptions,
): Promise<AddResult> {
  const { source, name } = upload;
  let step = 'reading' as UploadStep; // changed by enter()
  let assetId: string | undefined;
  /** A multipart session remembered for Resume until it completes. */
  let sessionId: string | undefined;
  const enter = (next: UploadStep): void => {
    step = next;
    options.onStep?.(name, next);
  };
  try {
    const resumeUploadId = upload.source.kind === 'resume' ? upload.source.uploadId : undefined;
    sessionId = resumeUploadId;
    const resumeHeaders =
      'video' in upload ? rememberedSession(options.memory, resumeUploadId, upload.video)?.uploadHeaders : undefined;
    step = 'uploading'; // waiting for an upload slot is part of the upload: Cancel there leaves nothing sent
    assetId = await uploadSlots.use(async () => {
      if (signal.aborted) {
        throw cancelledError();
      }
      enter('uploading');
      if (!('video' in upload)) {
        const from = upload.source;
        return from.kind === 'url'
          ? (await client.uploads.addFromUrl(from.url, from.filename, signal))._id
          : from.assetId;
      }
      if (resumeUploadId === undefined && upload.video.size <= DIRECT_UPLOAD_MAX_BYTES) {
        return (await client.uploads.uploadFile(upload.video, { signal, onSent: options.onSent }))._id;
      }
      const uploaded = await (options.multipart ?? uploadMultipart)(client.uploads, upload.video, {
        signal,
        onSent: options.onSent,
        timing: options.timing,
        resumeUploadId,
        resumeListed: upload.source.kind === 'resume' ? upload.source.listed : undefined,
        resumeHeaders,
        onSession: ({ uploadId, headers }) => {
          sessionId = uploadId;
          if (resumeUploadId === undefined) {
            void remembered(options.memory?.remember(unfinished(uploadId, upload.video, target, headers)));
          }
        },
      });
      const finished = sessionId;
      sessionId = undefined;
      await remembered(finished === undefined ? undefined : options.memory?.forget(finished));
      return uploaded;
    });
    enter('processing');
    await waitUntilReady(client.uploads, assetId, {
      signal,
      timing: options.timing,
      pollMs: options.pollMs,
      maxWaitMs: options.maxWaitMs,
    });
    if (signal.aborted) {
      throw cancelledError();
    }
    enter('indexing');
    // Indexing an asset again would make a second indexed asset of the same video in the index.
    if (source.kind === 'asset') {
      const references = await referencesOf(client, assetId, { signal });
      if (references.some(({ indexId }) => indexId === target.indexId)) {
        return { source, name, outcome: { kind: 'alreadyIn', assetId } };
      }
    }
    // Never retried, and not aborted once sent: a POST cut short may have been carried out anyway.
    const { indexedAssetId } = await client.createIndexedAsset(target.indexId, assetId);
    const result: AddResult = { source, name, outcome: { kind: 'indexed', assetId, indexedAssetId } };
    options.onIndexed?.(target, result);
    return result;
  } catch (thrown) {
    const error = toTwelveLabsError(thrown, 'invalidInput');
    const isCancelled = error.kind === 'cancelled' || signal.aborted;
    const keepSession =
      sessionId !== undefined && step === 'uploading' && (isCancelled || RESUMABLE_KINDS.has(error.kind));
    if (sessionId !== undefined && !keepSession) {
      await remembered(options.memory?.forget(sessionId));
    }
    const uploadId = keepSession ? sessionId : undefined;
    const outcome: AddOutcome = isCancelled
      ? { kind: 'cancelled', step, uploadId, assetId }
      : { kind: 'failed', step, error, assetId, uploadId };
    return { source, name, outcome };
  }
}

/**
 * What this window remembers of the session to resume, if anything. A session remembered for another
 * file (changed since, or replaced) cannot be resumed with this one.
 */
function rememberedSession(
  memory: UnfinishedUploads | undefined,
  uploadId: string | undefined,
  video: LocalVideo,
): UnfinishedUpload | undefined {
  const remembered = memory?.list().find((upload) => upload.uploadId === uploadId);
  if (remembered !== undefined && (remembered.size !== video.size || remembered.mtimeMs !== video.mtimeMs)) {
    throw new TwelveLabsError({
      kind: 'fileChanged',
      message: l10n.t('The file has changed since its upload began, so the upload cannot be resumed. Add it again.'),
    });
  }
  return remembered;
}

function unfinished(
  uploadId: string,
  video: LocalVideo,
  target: AddTarget,
  uploadHeaders: Record<string, string> | undefined,
): UnfinishedUpload {
  const { path, filename, size, mtimeMs } = video;
  return { uploadId, path, filename, size, mtimeMs, ...target, startedAt: new Date().toISOString(), uploadHeaders };
}

/** Resume is a convenience: state that cannot be written must not fail the upload. */
async function remembered(write: Promise<void> | undefined): Promise<void> {
  await write?.catch(() => undefined);
}

/** “call.mp4” from https://host/videos/call.mp4?sig=…; the host when the path names nothing. */
function nameInUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.pathname.split('/').pop() ?? '') || parsed.host;
  } catch {
    return url;
  }
}
