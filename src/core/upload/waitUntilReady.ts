import * as l10n from '@vscode/l10n';
import { TwelveLabsError, isTwelveLabsError } from '../api/errors';
import { UploadCalls } from '../api/uploadCalls';
import { UploadedAsset } from '../api/uploadSchemas';
import { isRetryable } from '../bulkDelete';
import { durationText } from '../presentRuns';
import { Timing, realTiming } from '../requestGate';

// An uploaded asset cannot be indexed until TwelveLabs has processed it: ask until it is ready,
// often at first (short videos are quick), then less often.

export const DEFAULT_POLL_MS = 1000;
/** The wait between polls grows to this many times the first. */
const POLL_GROWTH_CAP = 10;
const POLL_GROWTH = 1.5;
export const DEFAULT_MAX_WAIT_MS = 30 * 60_000;

export interface WaitOptions {
  signal?: AbortSignal;
  timing?: Timing;
  /** The first wait between polls: 1 s, growing ×1.5 up to 10 s. */
  pollMs?: number;
  maxWaitMs?: number;
}

/**
 * Resolves with the asset once its status is `ready`. Throws a TwelveLabsError when TwelveLabs
 * says it failed, when it is not ready after `maxWaitMs`, or on an error that asking again would
 * not cure; transient ones (network, timeout, 429, 502–504) are asked through.
 */
export async function waitUntilReady(
  calls: Pick<UploadCalls, 'getUploadedAsset'>,
  assetId: string,
  options: WaitOptions = {},
): Promise<UploadedAsset> {
  const timing = options.timing ?? realTiming;
  const signal = options.signal ?? new AbortController().signal;
  const firstWaitMs = options.pollMs ?? DEFAULT_POLL_MS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const deadline = timing.now() + maxWaitMs;
  const never = new Promise<void>(() => {});
  for (let waitMs = firstWaitMs; ; waitMs = Math.min(waitMs * POLL_GROWTH, firstWaitMs * POLL_GROWTH_CAP)) {
    let askAgainInMs = waitMs;
    try {
      const asset = await calls.getUploadedAsset(assetId, signal);
      if (asset.status === 'ready') {
        return asset;
      }
      if (asset.status === 'failed') {
        throw new TwelveLabsError({
          kind: 'server',
          message: l10n.t(
            'TwelveLabs could not process the file: it may be damaged, or in a format TwelveLabs does not support.',
          ),
        });
      }
    } catch (error) {
      if (!isTwelveLabsError(error) || !isRetryable(error)) {
        throw error;
      }
      askAgainInMs = Math.max(waitMs, error.retryAfterMs ?? 0);
    }
    const leftMs = deadline - timing.now();
    if (leftMs <= 0) {
      throw new TwelveLabsError({
        kind: 'timeout',
        message: l10n.t(
          'TwelveLabs was still processing it after {0}. Once it is ready, Add to TwelveLabs Index… on its row in the Assets view indexes it.',
          durationText(maxWaitMs),
        ),
      });
    }
    await timing.sleep(Math.min(askAgainInMs, leftMs), signal, never);
  }
}
