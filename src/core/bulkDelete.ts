import * as l10n from '@vscode/l10n';
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import { TwelveLabsError, isTwelveLabsError } from './api/errors';
import { RateLimit } from './api/rateLimit';
import { JobSource, asJobSource } from './jobSource';
import { RequestGate, Timing, realTiming } from './requestGate';
import { backoffMs, gaveUp, isRetryable, retryAfterMs } from './retry';

export type { Timing } from './requestGate';
export { isRetryable } from './retry';

// Deletes many indexed assets at the API's speed: a few at a time, retrying what is worth
// retrying, and sharing one view of the account's request budget so that every worker pauses
// together when it runs out instead of each one collecting 429s.

/** An indexed asset (in its index), or an uploaded source asset (no index). */
export interface DeleteJob {
  indexId?: string;
  assetId: string;
}

export type ItemOutcome =
  | { kind: 'deleted'; attempts: number }
  /** Not found on the first attempt: someone else deleted it. */
  | { kind: 'alreadyGone'; attempts: number }
  | { kind: 'failed'; error: TwelveLabsError; attempts: number }
  /** Cancelled before a delete of it was sent, or while waiting to retry one. */
  | { kind: 'cancelled'; attempts: number };

/** Deleted now, or found already gone: either way no longer there. */
export function isGone(outcome: { kind: string }): boolean {
  return outcome.kind === 'deleted' || outcome.kind === 'alreadyGone';
}

export interface ItemResult<T extends DeleteJob> {
  job: T;
  outcome: ItemOutcome;
}

/** Sends one DELETE; resolves with the budget the answer reported. Throws TwelveLabsError. */
export type DeleteOne<T extends DeleteJob> = (job: T) => Promise<RateLimit | undefined>;

export interface RunOptions<T extends DeleteJob> {
  /** How many DELETEs may be in flight at once. */
  concurrency: number;
  /** Stops new requests; the ones in flight finish and are reported. */
  signal?: AbortSignal;
  /** Called as each item settles, in the order they settle. */
  onSettled?: (result: ItemResult<T>) => void;
  /**
   * Called right before an item's first DELETE, e.g. to write the deletion record's pending line.
   * Resolving false leaves the item unsent, reported as cancelled.
   */
  beforeDelete?: (job: T) => Promise<boolean>;
  /** Attempts per asset, not counting 429s that said when to come back: the time cap bounds those. */
  maxAttempts?: number;
  /** No request starts after this long; what is left fails with a message saying so. */
  maxTotalMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timing?: Timing;
}

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 16;
const DEFAULT_MAX_ATTEMPTS = 6;
const DEFAULT_MAX_TOTAL_MS = 15 * 60_000;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;
/** Errors that every other delete of this operation would hit too: stop instead of repeating them. */
const FATAL_KINDS = new Set(['invalidKey', 'forbidden', 'redirect', 'config', 'noKey', 'keychain']);

/**
 * Deletes each job at most once per call (duplicates are dropped), with `concurrency` workers.
 * Resolves with one result per distinct job, in the order taken from `jobs`; never rejects for an
 * API error.
 */
export async function runDeletes<T extends DeleteJob>(
  jobs: readonly T[] | JobSource<T>,
  deleteOne: DeleteOne<T>,
  options: RunOptions<T>,
): Promise<ItemResult<T>[]> {
  const timing = options.timing ?? realTiming;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const deadline = timing.now() + (options.maxTotalMs ?? DEFAULT_MAX_TOTAL_MS);
  const signal = options.signal ?? new AbortController().signal;
  const gate = new RequestGate(timing);

  const source = asJobSource(jobs);
  const seen = new Set<string>();
  const taken: T[] = [];
  /** The next distinct job, or undefined at the end or once a reading source should stop. */
  const take = async (): Promise<T | undefined> => {
    for (;;) {
      if (!source.reportsEveryJob && (signal.aborted || fatal !== undefined || timing.now() > deadline)) {
        return undefined;
      }
      const job = await source.next();
      if (job === undefined) {
        return undefined;
      }
      const key = `${job.indexId ?? ''}/${job.assetId}`;
      if (!seen.has(key)) {
        seen.add(key);
        taken.push(job);
        return job;
      }
    }
  };
  let taking: Promise<T | undefined> = Promise.resolve(undefined);
  const nextJob = (): Promise<T | undefined> => (taking = taking.then(take, take));
  const outcomes = new Map<T, ItemOutcome>();
  let fatal: TwelveLabsError | undefined;

  const settle = (job: T, outcome: ItemOutcome): void => {
    outcomes.set(job, outcome);
    options.onSettled?.({ job, outcome });
  };

  const deleteWithRetries = async (job: T): Promise<ItemOutcome> => {
    let counted = 0; // attempts that count toward maxAttempts
    for (let attempt = 1; ; attempt++) {
      try {
        await gate.enter(signal);
      } catch {
        return { kind: 'cancelled', attempts: attempt - 1 };
      }
      let error: TwelveLabsError;
      try {
        gate.leave(await deleteOne(job));
        return { kind: 'deleted', attempts: attempt };
      } catch (thrown) {
        error = isTwelveLabsError(thrown)
          ? thrown
          : new TwelveLabsError({
              kind: 'network',
              message: l10n.t('Something unexpected went wrong while deleting.'),
            });
        gate.leave(error.rateLimit);
      }
      if (error.kind === 'notFound') {
        // DELETE is idempotent: gone on a retry means an earlier attempt did it.
        return { kind: attempt === 1 ? 'alreadyGone' : 'deleted', attempts: attempt };
      }
      if (FATAL_KINDS.has(error.kind)) {
        fatal ??= error;
        source.stop?.();
        return { kind: 'failed', error, attempts: attempt };
      }
      // A 429 with a wait is the server pacing us, not failing: it is bounded by the time cap.
      if (!(error.kind === 'rateLimited' && error.retryAfterMs !== undefined)) {
        counted++;
      }
      if (!isRetryable(error) || counted >= maxAttempts) {
        return { kind: 'failed', error: attempt > 1 ? gaveUp(error, attempt) : error, attempts: attempt };
      }
      const delay =
        retryAfterMs(error) ?? backoffMs(Math.max(1, counted), baseDelayMs, maxDelayMs, () => timing.random());
      if (timing.now() + delay > deadline) {
        return { kind: 'failed', error: gaveUp(error, attempt), attempts: attempt };
      }
      if (error.kind === 'rateLimited') {
        gate.pauseUntil(timing.now() + delay); // everyone waits, not only this worker
      } else {
        try {
          await timing.sleep(delay, signal, new Promise(() => {}));
        } catch {
          return { kind: 'cancelled', attempts: attempt };
        }
      }
    }
  };

  const worker = async (): Promise<void> => {
    for (let job = await nextJob(); job !== undefined; job = await nextJob()) {
      if (signal.aborted) {
        settle(job, { kind: 'cancelled', attempts: 0 });
      } else if (fatal !== undefined) {
        settle(job, { kind: 'failed', error: fatal, attempts: 0 });
      } else if (timing.now() > deadline) {
        source.stop?.();
        settle(job, { kind: 'failed', error: tookTooLong(options.maxTotalMs ?? DEFAULT_MAX_TOTAL_MS), attempts: 0 });
      } else if (options.beforeDelete && !(await options.beforeDelete(job))) {
        settle(job, { kind: 'cancelled', attempts: 0 });
      } else {
        settle(job, await deleteWithRetries(job));
      }
    }
  };

  const limit = 'length' in jobs ? jobs.length : Infinity;
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, MAX_CONCURRENCY, limit));
  // Each waiting worker listens for Cancel on the one signal: that many listeners is by design, and
  // Node would otherwise warn of a leak past ten.
  setMaxListeners(defaultMaxListeners + workers, signal);
  await Promise.all(Array.from({ length: workers }, worker));
  return taken.map((job) => ({ job, outcome: outcomes.get(job) as ItemOutcome }));
}

function tookTooLong(maxTotalMs: number): TwelveLabsError {
  return new TwelveLabsError({
    kind: 'timeout',
    message: l10n.t('Not attempted: the operation had already run for {0} minutes.', Math.round(maxTotalMs / 60_000)),
  });
}
