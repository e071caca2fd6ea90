import * as l10n from '@vscode/l10n';
import { messageOf } from '../api/errors';
import { NAMES_LISTED, displayText, formatDuration, lines } from '../present';
import { failedAndCancelled } from '../presentRuns';
import type { HistoryEntry, OperationInfo } from './deletionRecord';

// The words of Show Deletion History and Restore, as plain strings: what the record holds came from
// the account, so names go through displayText like everywhere else.

/** Why Restore cannot bring this entry back, or undefined when it can. */
export function whyNotRestorable(entry: HistoryEntry): string | undefined {
  if (entry.restored) return l10n.t('Already restored.');
  if (entry.kind === 'asset') return l10n.t('The uploaded asset itself was deleted: nothing is left to index again.');
  if (entry.indexId === undefined || entry.assetId === undefined) {
    return l10n.t('The record does not say which uploaded asset it was indexed from.');
  }
  if (entry.outcome === 'deleted') return undefined;
  return entry.outcome === 'pending'
    ? l10n.t('No answer was recorded: it is unknown whether it was deleted.')
    : entry.outcome === 'alreadyGone'
      ? l10n.t('It was already gone when the delete was sent.')
      : l10n.t('It was not deleted.');
}

export const isRestorable = (entry: HistoryEntry): boolean => whyNotRestorable(entry) === undefined;

export function entryName(entry: HistoryEntry): string {
  return displayText(entry.filename || entry.indexedAssetId || entry.assetId || entry.id);
}

function indexOf(entry: HistoryEntry): string | undefined {
  return entry.indexName ? displayText(entry.indexName) : entry.indexId;
}

export function outcomeText(entry: HistoryEntry): string {
  const words: Record<HistoryEntry['outcome'], () => string> = {
    pending: () => l10n.t('pending: no answer recorded'),
    deleted: () => l10n.t('deleted'),
    alreadyGone: () => l10n.t('already gone'),
    failed: () => l10n.t('failed'),
    cancelled: () => l10n.t('cancelled'),
  };
  return entry.restored ? l10n.t('restored') : words[entry.outcome]();
}

/** A picker row: the name; the index and outcome; the IDs, the duration, and why it cannot be restored. */
export function entryItem(entry: HistoryEntry): { label: string; description: string; detail: string } {
  const ids = [
    entry.indexedAssetId && l10n.t('indexed asset {0}', entry.indexedAssetId),
    entry.assetId && l10n.t('asset {0}', entry.assetId),
    entry.restored?.indexedAssetId && l10n.t('restored as {0}', entry.restored.indexedAssetId),
  ];
  const failure = entry.outcome === 'failed' && entry.error ? displayText(entry.error, 200) : undefined;
  return {
    label: entryName(entry),
    description: [indexOf(entry) ?? l10n.t('uploaded asset'), outcomeText(entry)].join(' · '),
    detail: [...ids, formatDuration(entry.durationSec), failure, whyNotRestorable(entry)].filter(Boolean).join(' · '),
  };
}

/** The entries by operation, in the order of each operation's newest entry (the entries come newest first). */
export function groupByOperation(
  entries: readonly HistoryEntry[],
): { operation: OperationInfo; entries: HistoryEntry[] }[] {
  const groups = new Map<string, { operation: OperationInfo; entries: HistoryEntry[] }>();
  for (const entry of entries) {
    const group = groups.get(entry.operation.id) ?? { operation: entry.operation, entries: [] };
    group.entries.push(entry);
    groups.set(entry.operation.id, group);
  }
  return [...groups.values()];
}

/** A separator's text: the operation, when it began in local time, and what became of its entries. */
export function operationHeading(operation: OperationInfo, entries: readonly HistoryEntry[]): string {
  const count = (test: (entry: HistoryEntry) => boolean) => entries.filter(test).length;
  const started = Date.parse(operation.startedAt);
  const counts: [number, (n: number) => string][] = [
    [count((e) => e.outcome === 'deleted'), (n) => l10n.t('{0} deleted', n)],
    [count((e) => e.outcome === 'alreadyGone'), (n) => l10n.t('{0} already gone', n)],
    [count((e) => e.outcome === 'failed'), (n) => l10n.t('{0} failed', n)],
    [count((e) => e.outcome === 'cancelled'), (n) => l10n.t('{0} cancelled', n)],
    [count((e) => e.outcome === 'pending'), (n) => l10n.t('{0} pending', n)],
    [count((e) => e.restored !== undefined), (n) => l10n.t('{0} restored', n)],
  ];
  return [
    displayText(operation.label),
    Number.isNaN(started) ? displayText(operation.startedAt, 40) : new Date(started).toLocaleString(),
    counts.flatMap(([n, text]) => (n > 0 ? [text(n)] : [])).join(', '),
  ].join(' · ');
}

/** What Restore found of the chosen entries' uploads. */
export interface RestorePlan {
  ready: HistoryEntry[];
  /** TwelveLabs no longer has the upload. */
  missing: HistoryEntry[];
  /** Whether the upload exists could not be found out. */
  unchecked: HistoryEntry[];
  /** Chosen entries that cannot be restored at all. */
  notRestorable: number;
}

/** The names, at most NAMES_LISTED of them and then "And N more." */
function listed(entries: readonly HistoryEntry[]): string[] {
  const rest = entries.length - NAMES_LISTED;
  return [
    ...entries.slice(0, NAMES_LISTED).map((e) => `• ${entryName(e)}`),
    ...(rest > 0 ? [l10n.t('And {0} more.', rest)] : []),
  ];
}

/** The Restore modal's words. Without a confirmLabel it offers nothing: no upload is left to restore from. */
export function restoreConfirmation(plan: RestorePlan): { message: string; detail: string; confirmLabel?: string } {
  const { ready, missing, unchecked, notRestorable } = plan;
  const indexes = new Set(ready.map((e) => e.indexId));
  const lost = [...missing, ...unchecked];
  const message =
    ready.length === 1
      ? l10n.t('Restore “{0}” to the index “{1}”?', entryName(ready[0]), indexOf(ready[0]) ?? '')
      : ready.length === 0
        ? lost.length === 1
          ? l10n.t('“{0}” cannot be restored.', entryName(lost[0]))
          : l10n.t('None of the {0} indexed assets can be restored.', lost.length)
        : indexes.size === 1
          ? l10n.t('Restore {0} indexed assets to the index “{1}”?', ready.length, indexOf(ready[0]) ?? '')
          : l10n.t('Restore {0} indexed assets to {1} indexes?', ready.length, indexes.size);
  const noMetadata = ready.filter((e) => e.userMetadataUnknown);
  const paragraphs = [
    ready.length > 1 ? lines(listed(ready)) : undefined,
    ready.length > 0
      ? l10n.t(
          'Restoring runs indexing again: it takes time and is billed as new indexing. Each restored asset gets a new ID.',
        )
      : undefined,
    noMetadata.length === 0
      ? undefined
      : noMetadata.length === 1
        ? l10n.t(
            '“{0}” is restored without its metadata, which could not be read before the delete.',
            entryName(noMetadata[0]),
          )
        : l10n.t(
            '{0} of them are restored without their metadata, which could not be read before the delete.',
            noMetadata.length,
          ),
    missing.length > 0
      ? lines([l10n.t('Not restored: the uploaded asset no longer exists.'), ...listed(missing)])
      : undefined,
    unchecked.length > 0
      ? lines([
          l10n.t('Not restored: TwelveLabs could not say whether the uploaded asset exists.'),
          ...listed(unchecked),
        ])
      : undefined,
    notRestorable === 0
      ? undefined
      : notRestorable === 1
        ? l10n.t('1 chosen entry cannot be restored and is left alone.')
        : l10n.t('{0} chosen entries cannot be restored and are left alone.', notRestorable),
  ];
  const detail = paragraphs.filter((p) => p !== undefined).join('\n\n');
  return ready.length > 0 ? { message, detail, confirmLabel: l10n.t('Restore') } : { message, detail };
}

/** Why choosing these entries restores nothing. */
export function nothingToRestore(chosen: readonly HistoryEntry[]): string {
  return chosen.length === 1
    ? l10n.t('“{0}” cannot be restored. {1}', entryName(chosen[0]), whyNotRestorable(chosen[0]) ?? '')
    : l10n.t('None of the {0} chosen entries can be restored.', chosen.length);
}

/** The end of a restore of several, e.g. "Restored 3 of 4 indexed assets. 1 failed." */
export function restoreSummary(restored: number, failed: number, cancelled: number): string {
  const total = restored + failed + cancelled;
  return [
    restored === total
      ? l10n.t('Restored {0} indexed assets. TwelveLabs is indexing them again.', total)
      : l10n.t('Restored {0} of {1} indexed assets.', restored, total),
    ...failedAndCancelled(failed, cancelled),
  ].join(' ');
}

/** Why a restore failed; when its answer was lost, that it may be indexing anyway, so not to try again blindly. */
export function restoreFailedText(entry: HistoryEntry, outcome: { error: unknown; mayHaveStarted: boolean }): string {
  return outcome.mayHaveStarted
    ? l10n.t(
        'Could not confirm the restore of “{0}”: TwelveLabs may have started indexing it, but its answer was lost. Look for it in “{1}” before you restore it again.',
        entryName(entry),
        entry.indexName ?? entry.indexId ?? '',
      )
    : l10n.t('Could not restore “{0}”. {1}', entryName(entry), messageOf(outcome.error));
}
