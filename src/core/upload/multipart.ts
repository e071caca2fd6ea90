// A large file, uploaded through a multipart upload session: chunks PUT a few at a time to
// presigned URLs, each retried on its own, and reported to TwelveLabs as they arrive.
import * as l10n from '@vscode/l10n';
import { setMaxListeners } from 'node:events';
import { TwelveLabsError, isTwelveLabsError } from '../api/errors';
import { MAX_URLS_PER_REQUEST, UploadCalls } from '../api/uploadCalls';
import { ChunkReport, IncompleteUpload, PresignedUrl } from '../api/uploadSchemas';
import { Timing, realTiming } from '../requestGate';
import { backoffMs, gaveUp, isRetryable, retryAfterMs } from '../retry';
import { MAX_CHUNK_CONCURRENCY, chunksInFlight } from './limits';
import { LocalVideo, fileChanged, sendRange } from './localFile';
import { SendPiece, putChunk } from './presignedPut';

export interface MultipartOptions {
  signal?: AbortSignal;
  /** Bytes going out; negative: taken back after a failed attempt. */
  onSent?: (bytes: number) => void;
  /**
   * Called once the session exists (uploadId known), so the caller can remember it for Resume; a new
   * session's `headers` (upload_headers) are given only then, and a resume needs them again.
   */
  onSession?: (session: { uploadId: string; assetId?: string; headers?: Record<string, string> }) => void;
  /** For a resume: the headers its session began with, which storage may require on every chunk. */
  resumeHeaders?: Record<string, string>;
  /** For a resume: the session as just listed, if it was (its chunk size); otherwise the list is read. */
  resumeListed?: IncompleteUpload;
  concurrency?: number;
  timing?: Timing;
  maxAttempts?: number;
}

const DEFAULT_MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** A URL that expires sooner than this is renewed before a chunk is sent to it. */
const URL_MARGIN_MS = 60_000;
/** Renewals of one chunk's URL after the storage said it expired: more means the clocks disagree. */
const MAX_URL_RENEWALS = 3;
const REPORT_BATCH = 50;
/** Reports go at most this often while chunks are still being sent: each is a request of its own. */
const REPORT_EVERY_MS = 250;

/** What an upload needs to know about its session, new or resumed. */
interface Plan {
  uploadId: string;
  assetId?: string;
  chunkSize: number;
  headers: Record<string, string>;
  urls: Map<number, PresignedUrl>;
  /** 1-based indexes of the chunks to send. */
  todo: number[];
}

function cancelled(): TwelveLabsError {
  return new TwelveLabsError({ kind: 'cancelled', message: l10n.t('The upload was cancelled.') });
}

function unexpected(error: unknown): TwelveLabsError {
  return isTwelveLabsError(error)
    ? error
    : new TwelveLabsError({ kind: 'network', message: l10n.t('Something unexpected went wrong while uploading.') });
}

/** A chunk PUT or report sends the same thing again, so any server error is worth another try. */
function worthRetrying(error: TwelveLabsError): boolean {
  return isRetryable(error) || error.kind === 'server';
}

function chunkCount(video: LocalVideo, chunkSize: number, totalChunks: number): number[] {
  if (Math.ceil(video.size / chunkSize) !== totalChunks) {
    throw new TwelveLabsError({
      kind: 'malformed',
      message: l10n.t('TwelveLabs split the upload into chunks that do not add up to the file’s size.'),
    });
  }
  return Array.from({ length: totalChunks }, (_, i) => i + 1);
}

async function plan(
  calls: UploadCalls,
  video: LocalVideo,
  options: MultipartOptions & { resumeUploadId?: string },
  signal: AbortSignal,
): Promise<Plan> {
  const uploadId = options.resumeUploadId;
  if (uploadId === undefined) {
    const session = await calls.startMultipart({ filename: video.filename, size: video.size }, signal);
    options.onSession?.({ uploadId: session.uploadId, assetId: session.assetId, headers: session.headers });
    const todo = chunkCount(video, session.chunkSize, session.totalChunks);
    return { ...session, urls: new Map(session.urls.map((url) => [url.chunkIndex, url])), todo };
  }
  // Only the list of unfinished uploads gives the chunk size; the status says which chunks arrived.
  const listed =
    options.resumeListed?.uploadId === uploadId
      ? options.resumeListed
      : (await calls.listIncompleteUploads(signal)).find((upload) => upload.uploadId === uploadId);
  const status = listed && (await calls.uploadStatus(uploadId, signal));
  if (listed?.status !== 'active' || (status?.status !== undefined && status.status !== 'active')) {
    throw new TwelveLabsError({
      kind: 'expired',
      message: l10n.t(
        'The unfinished upload of “{0}” is gone from TwelveLabs (it may have expired). Add the file again.',
        video.filename,
      ),
    });
  }
  if (listed.totalSize !== video.size) {
    throw fileChanged(video);
  }
  options.onSession?.({ uploadId });
  const done = new Set(status?.completedChunks);
  const todo = chunkCount(video, listed.chunkSize, listed.totalChunks).filter((index) => !done.has(index));
  return { uploadId, chunkSize: listed.chunkSize, headers: options.resumeHeaders ?? {}, urls: new Map(), todo };
}

/**
 * Uploads the whole file through a new session, or (resumeUploadId) only the chunks the server lacks.
 * Chunks are retried with the delete rules (and on any server error: a PUT is the same each time);
 * an expired URL is renewed. Resolves with the asset ID; throws TwelveLabsError (kind 'cancelled' on
 * abort, the session left for Resume). The first error that ends a chunk ends the upload.
 */
export async function uploadMultipart(
  calls: UploadCalls,
  video: LocalVideo,
  options: MultipartOptions & { resumeUploadId?: string },
): Promise<string> {
  const timing = options.timing ?? realTiming;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  // Stops everything in flight, on Cancel or on the first failure.
  const stop = new AbortController();
  const signal = stop.signal;
  setMaxListeners(8 * Math.max(MAX_CHUNK_CONCURRENCY, options.concurrency ?? 0) + 10, signal);
  let failure: TwelveLabsError | undefined;
  const fail = (error: unknown): void => {
    if (!signal.aborted) {
      failure = unexpected(error);
      stop.abort();
    }
  };
  const onCancel = (): void => {
    stop.abort();
  };
  options.signal?.addEventListener('abort', onCancel);
  if (options.signal?.aborted) {
    stop.abort();
  }

  const retrying = async <T>(attempt: () => Promise<T>): Promise<T> => {
    for (let attempts = 1; ; attempts++) {
      try {
        return await attempt();
      } catch (thrown) {
        const error = unexpected(thrown);
        if (signal.aborted || !worthRetrying(error) || attempts >= maxAttempts) {
          throw attempts > 1 ? gaveUp(error, attempts) : error;
        }
        const delay = retryAfterMs(error) ?? backoffMs(attempts, BASE_DELAY_MS, MAX_DELAY_MS, () => timing.random());
        await timing.sleep(delay, signal, new Promise(() => {}));
      }
    }
  };

  try {
    const { uploadId, assetId, chunkSize, headers, urls, todo } = await plan(calls, video, options, signal);
    const lastChunk = Math.ceil(video.size / chunkSize);
    const concurrency = Math.max(1, options.concurrency ?? chunksInFlight(chunkSize));

    const fresh = (url: PresignedUrl | undefined): url is PresignedUrl =>
      url !== undefined && (url.expiresAtMs === undefined || url.expiresAtMs - timing.now() > URL_MARGIN_MS);
    // One request for URLs at a time: workers that need the same batch wait for it instead of asking again.
    let renewing: Promise<void> = Promise.resolve();
    const urlFor = async (index: number): Promise<string> => {
      if (!fresh(urls.get(index))) {
        renewing = renewing
          .catch(() => undefined)
          .then(async () => {
            if (!fresh(urls.get(index))) {
              const count = Math.min(MAX_URLS_PER_REQUEST, lastChunk - index + 1);
              for (const url of await calls.presignedUrls(uploadId, index, count, signal)) {
                urls.set(url.chunkIndex, url);
              }
            }
          });
        await renewing;
      }
      const url = urls.get(index);
      if (url === undefined) {
        throw new TwelveLabsError({
          kind: 'malformed',
          message: l10n.t('TwelveLabs gave no upload address for chunk {0}.', index),
        });
      }
      return url.url;
    };

    const putOnce = async (index: number): Promise<ChunkReport> => {
      const start = (index - 1) * chunkSize;
      const size = Math.min(video.size, start + chunkSize) - start;
      const url = await urlFor(index);
      let sent = 0;
      try {
        const body = (send: SendPiece) =>
          sendRange(video, start, start + size, async (piece) => {
            await send(piece);
            sent += piece.length;
            options.onSent?.(piece.length);
          });
        const { etag } = await putChunk(url, headers, body, size, { signal });
        return { chunkIndex: index, etag, size };
      } catch (error) {
        if (sent > 0) {
          options.onSent?.(-sent);
        }
        throw error;
      }
    };

    const sendChunk = async (index: number): Promise<ChunkReport> => {
      let renewals = 0;
      return retrying(async () => {
        for (;;) {
          try {
            return await putOnce(index);
          } catch (error) {
            // An expired URL is not a failed attempt: a new one is asked for.
            if (!isTwelveLabsError(error, 'expired') || renewals++ >= MAX_URL_RENEWALS || signal.aborted) {
              throw error;
            }
            urls.delete(index);
          }
        }
      });
    };

    // At most one report in flight, and one every REPORT_EVERY_MS until the last chunk is sent; chunks
    // that arrive meanwhile go in the next one (a chunk sent but not reported is sent again on Resume).
    const unreported: ChunkReport[] = [];
    let reported: { assetId?: string } = {};
    let reporting: Promise<void> | undefined;
    let lastReportAt = Number.NEGATIVE_INFINITY;
    let allSent = (): void => {};
    const sendingEnded = new Promise<void>((resolve) => (allSent = resolve));
    const report = (): Promise<void> => {
      reporting ??= (async () => {
        try {
          while (unreported.length > 0) {
            // Real time, not `timing`: the pace of reports is no retry's wait.
            const wait = lastReportAt + REPORT_EVERY_MS - Date.now();
            if (wait > 0) {
              await realTiming.sleep(wait, signal, sendingEnded);
            }
            lastReportAt = Date.now();
            const batch = unreported.slice(0, REPORT_BATCH);
            reported = await retrying(() => calls.reportChunks(uploadId, batch, signal));
            unreported.splice(0, batch.length);
          }
        } finally {
          reporting = undefined;
        }
      })();
      return reporting;
    };

    const queue = [...todo];
    const worker = async (): Promise<void> => {
      for (let index = queue.shift(); index !== undefined && !signal.aborted; index = queue.shift()) {
        unreported.push(await sendChunk(index));
        report().catch(fail);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker().catch(fail)));
    allSent();
    while (!signal.aborted && (reporting !== undefined || unreported.length > 0)) {
      await (reporting ?? report()).catch(fail);
    }
    if (failure !== undefined) {
      throw failure;
    }
    if (signal.aborted) {
      throw cancelled();
    }
    const created = reported.assetId ?? assetId;
    if (created === undefined) {
      throw new TwelveLabsError({
        kind: 'malformed',
        message: l10n.t('TwelveLabs did not say which asset the upload of “{0}” became.', video.filename),
      });
    }
    return created;
  } catch (error) {
    throw options.signal?.aborted && failure === undefined ? cancelled() : unexpected(error);
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
    stop.abort();
  }
}
