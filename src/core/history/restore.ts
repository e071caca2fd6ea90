import { TwelveLabsClient } from '../api/client';
import { isTwelveLabsError, mayHaveBeenDone } from '../api/errors';
import { eachLimited } from '../limited';
import type { HistoryEntry } from './deletionRecord';

// Restore's calls: find out whether each entry's upload still exists, then index the ones that do
// again. A few at a time, so that a long selection does not burst past the account's rate limit.

export const RESTORE_CONCURRENCY = 4;

export interface UploadChecks {
  ready: HistoryEntry[];
  missing: HistoryEntry[];
  /** The answer was neither the upload nor "not found": a restore would be a guess. */
  unchecked: { entry: HistoryEntry; error: unknown }[];
}

/** Asks TwelveLabs for each entry's upload (entries must be restorable, so they name it). */
export async function checkUploads(client: TwelveLabsClient, entries: readonly HistoryEntry[]): Promise<UploadChecks> {
  const found = await eachLimited(entries, RESTORE_CONCURRENCY, async (entry) => {
    try {
      await client.getAsset(entry.assetId ?? '');
      return 'exists';
    } catch (error) {
      return isTwelveLabsError(error, 'notFound') ? 'missing' : { error };
    }
  });
  const checks: UploadChecks = { ready: [], missing: [], unchecked: [] };
  entries.forEach((entry, i) => {
    const answer = found[i];
    if (answer === 'exists') checks.ready.push(entry);
    else if (answer === 'missing') checks.missing.push(entry);
    else checks.unchecked.push({ entry, error: answer?.error });
  });
  return checks;
}

export type RestoreOutcome =
  | { kind: 'restored'; indexedAssetId: string | undefined }
  /** mayHaveStarted: the answer was lost after the POST went out, so indexing may be running anyway. */
  | { kind: 'failed'; error: unknown; mayHaveStarted: boolean }
  | { kind: 'cancelled' };

export interface RestoreResult {
  entry: HistoryEntry;
  outcome: RestoreOutcome;
}

/**
 * Indexes each entry's upload again in its index, with its metadata. A POST is never retried: an
 * answer lost on the way back may follow an indexing that did start, and a second POST would
 * index the asset twice. Cancel stops new POSTs; the ones sent finish and are reported.
 */
export async function restoreAll(
  client: TwelveLabsClient,
  entries: readonly HistoryEntry[],
  { signal, onSettled }: { signal?: AbortSignal; onSettled?: (result: RestoreResult) => void },
): Promise<RestoreResult[]> {
  const outcomes = await eachLimited(
    entries,
    RESTORE_CONCURRENCY,
    async (entry): Promise<RestoreOutcome> => {
      let outcome: RestoreOutcome;
      try {
        const { indexedAssetId } = await client.createIndexedAsset(
          entry.indexId ?? '',
          entry.assetId ?? '',
          entry.userMetadata,
        );
        outcome = { kind: 'restored', indexedAssetId };
      } catch (error) {
        outcome = { kind: 'failed', error, mayHaveStarted: mayHaveBeenDone(error) };
      }
      onSettled?.({ entry, outcome });
      return outcome;
    },
    () => signal?.aborted === true,
  );
  return entries.map((entry, i) => ({ entry, outcome: outcomes[i] ?? { kind: 'cancelled' } }));
}
