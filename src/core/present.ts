import * as l10n from '@vscode/l10n';
import type { AssetFilter } from './api/client';
import { TwelveLabsError } from './api/errors';
import { Index, IndexedAsset, isInProgress } from './api/schemas';
import type { ItemOutcome } from './bulkDelete';
import { displayText as safeText } from './text';
import { countText, failedAndCancelled } from './presentRuns';

// The words and icons the views show, as plain strings. Names come from the account and
// are untrusted: they are shown literally, never as markdown, with characters that could
// hide or reorder text replaced. The words go through l10n.t, which VS Code's language pack
// translates (see src/ui/localization.ts).

const LABEL_MAX = 80;
// Long enough for any real name in full; the label is the shortened one.
export const TOOLTIP_TEXT_MAX = 10_000;

/** One line of account text, safe to show (see text.ts), as long as a label may be by default. */
export function displayText(raw: string, max = LABEL_MAX): string {
  return safeText(raw, max);
}

export function indexName(index: Index): string {
  return displayText(index.index_name || index._id);
}

export function assetName(asset: IndexedAsset): string {
  return displayText(asset.system_metadata.filename || asset._id);
}

/** `4:05`, or `1:02:03` from an hour on. */
export function formatDuration(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return undefined;
  }
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** `2026-03-14`, or the raw text when it is not a date. */
export function formatDate(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? displayText(value, 40) : new Date(time).toISOString().slice(0, 10);
}

export function videoCount(n: number): string {
  return n === 1 ? l10n.t('1 video') : l10n.t('{0} videos', n);
}

export function indexDescription(index: Index): string {
  return index.video_count === undefined ? '' : videoCount(index.video_count);
}

/** How a filtered index says so beside its name, e.g. "filtered: failed · “clip”". */
export function assetFilterDescription(filter: AssetFilter | undefined): string | undefined {
  if (!filter) {
    return undefined;
  }
  const parts = [filter.statuses?.join(', '), filter.filename ? `“${displayText(filter.filename, 30)}”` : undefined];
  return l10n.t('filtered: {0}', parts.filter(Boolean).join(' · '));
}

export function indexTooltip(index: Index): string {
  // A model without a name (optional in the official schema) has nothing to show.
  const models = index.models.flatMap(({ model_name: name, model_options: options }) =>
    name === undefined ? [] : [options.length > 0 ? `${name} (${options.join(', ')})` : name],
  );
  return lines([
    displayText(index.index_name || index._id, TOOLTIP_TEXT_MAX),
    models.length > 0 ? l10n.t('Models: {0}', displayText(models.join(', '), TOOLTIP_TEXT_MAX)) : undefined,
    index.video_count === undefined ? undefined : l10n.t('Videos: {0}', index.video_count),
    ifKnown(formatDuration(index.total_duration), (value) => l10n.t('Total duration: {0}', value)),
    ifKnown(formatDate(index.created_at), (value) => l10n.t('Created: {0}', value)),
    ifKnown(formatDate(index.expires_at), (value) => l10n.t('Expires: {0}', value)),
    l10n.t('ID: {0}', displayText(index._id)),
  ]);
}

const READY = 'ready';

export function assetDescription(asset: IndexedAsset): string {
  const status = asset.status && asset.status !== READY ? displayText(asset.status, 20) : undefined;
  return [formatDuration(asset.system_metadata.duration), status].filter(Boolean).join(' · ');
}

export function assetTooltip(asset: IndexedAsset): string {
  const meta = asset.system_metadata;
  const resolution = meta.width !== undefined && meta.height !== undefined ? `${meta.width}×${meta.height}` : undefined;
  return lines([
    displayText(meta.filename || asset._id, TOOLTIP_TEXT_MAX),
    ifKnown(asset.status, (status) => l10n.t('Status: {0}', displayText(status, 40))),
    ifKnown(formatDuration(meta.duration), (value) => l10n.t('Duration: {0}', value)),
    ifKnown(resolution, (value) => l10n.t('Resolution: {0}', value)),
    ifKnown(formatDate(asset.created_at), (value) => l10n.t('Created: {0}', value)),
    l10n.t('ID: {0}', displayText(asset._id)),
  ]);
}

/**
 * What a screen reader says for an index row: what it is, its name, and what the row shows
 * beside it (the video count, a filter), in words rather than by position.
 */
export function indexAccessibilityLabel(index: Index, filter: AssetFilter | undefined): string {
  return [
    l10n.t('Index {0}', indexName(index)),
    index.video_count === undefined ? undefined : videoCount(index.video_count),
    assetFilterDescription(filter),
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * What a screen reader says for an indexed asset row. The status is always spoken, "ready"
 * included, since the icon that shows it on screen is silent.
 */
export function assetAccessibilityLabel(asset: IndexedAsset): string {
  const duration = formatDuration(asset.system_metadata.duration);
  return [
    l10n.t('Indexed asset {0}', assetName(asset)),
    l10n.t('status: {0}', asset.status === undefined ? l10n.t('unknown') : displayText(asset.status, 40)),
    duration === undefined ? undefined : l10n.t('duration: {0}', duration),
  ]
    .filter(Boolean)
    .join(', ');
}

/** A codicon id and an optional theme color id, for a status. */
export interface IconSpec {
  id: string;
  color?: string;
}

export function assetIcon(status: string | undefined): IconSpec {
  if (isInProgress(status)) {
    return { id: 'loading~spin' };
  }
  return status === 'failed' ? { id: 'error', color: 'errorForeground' } : { id: 'device-camera-video' };
}

export function loadMoreLabel(shown: number, total: number | undefined): string {
  return total === undefined ? l10n.t('Load more…') : l10n.t('Load more… ({0} of {1} shown)', shown, total);
}

export interface DeleteTarget {
  indexId: string;
  indexName: string;
  assetId: string;
  assetName: string;
  /** The uploaded asset it was indexed from, when the API said. */
  sourceAssetId?: string;
}

export interface Confirmation {
  message: string;
  detail: string;
  /** "Delete", in the user's language. */
  confirmLabel: string;
}

/** How many names the plural modal lists before "and N more". */
export const NAMES_LISTED = 5;

/**
 * The modal's words for deleting these assets (at least one). `ignored` counts selected rows
 * that are not indexed assets, which the delete leaves alone.
 */
export function deleteConfirmation(targets: readonly DeleteTarget[], ignored = 0): Confirmation {
  const note =
    ignored === 0
      ? ''
      : '\n\n' +
        (ignored === 1
          ? l10n.t('1 selected item is not an indexed asset and is left alone.')
          : l10n.t('{0} selected items are not indexed assets and are left alone.', ignored));
  const confirmLabel = l10n.t('Delete');
  if (targets.length === 1) {
    const [target] = targets;
    return {
      message: l10n.t('Delete “{0}” from the index “{1}”?', target.assetName, target.indexName),
      detail:
        l10n.t(
          'TwelveLabs will permanently remove this indexed asset and everything indexed for it. This cannot be undone. The uploaded source file is not deleted.',
        ) + note,
      confirmLabel,
    };
  }
  const indexNames = [...new Set(targets.map((target) => target.indexName))];
  const indexCount = new Set(targets.map((target) => target.indexId)).size;
  const listed = targets.slice(0, NAMES_LISTED).map((target) => `• ${target.assetName}`);
  const rest = targets.length - listed.length;
  return {
    message:
      indexCount === 1
        ? l10n.t('Delete {0} indexed assets from the index “{1}”?', targets.length, indexNames[0])
        : l10n.t('Delete {0} indexed assets from {1} indexes?', targets.length, indexCount),
    detail: lines([
      ...listed,
      rest > 0 ? l10n.t('And {0} more.', rest) : undefined,
      '',
      l10n.t(
        'TwelveLabs will permanently remove these indexed assets and everything indexed for them. This cannot be undone. The uploaded source files are not deleted.',
      ) + note,
    ]),
    confirmLabel,
  };
}

export interface DeleteTally {
  /** Deleted now, or found already gone: either way no longer there. */
  deleted: number;
  alreadyGone: number;
  failed: number;
  cancelled: number;
}

/**
 * The end of a bulk delete in whole sentences, each one a translator can reorder within, e.g.
 * "Deleted 118 of 120 indexed assets. 2 failed."
 */
export function deleteSummary({ deleted, alreadyGone, failed, cancelled }: DeleteTally): string {
  const total = deleted + failed + cancelled;
  const [done, of] = [countText(deleted), countText(total)];
  return [
    deleted === total
      ? total === 1
        ? l10n.t('Deleted 1 indexed asset.')
        : l10n.t('Deleted {0} indexed assets.', of)
      : total === 1
        ? l10n.t('Deleted {0} of 1 indexed asset.', done)
        : l10n.t('Deleted {0} of {1} indexed assets.', done, of),
    alreadyGone === 0
      ? undefined
      : alreadyGone === 1
        ? l10n.t('1 of them was already gone.')
        : l10n.t('{0} of them were already gone.', countText(alreadyGone)),
    ...failedAndCancelled(failed, cancelled),
  ]
    .filter((sentence) => sentence !== undefined)
    .join(' ');
}

/** A tooltip line for a value the API may leave out. */
export function ifKnown<T>(value: T | undefined, line: (value: T) => string): string | undefined {
  return value === undefined ? undefined : line(value);
}

export function lines(parts: (string | undefined)[]): string {
  return parts.filter((part): part is string => part !== undefined).join('\n');
}

/** What one delete's outcome tells the user, and how loudly. */
export interface DeleteMessage {
  /** status: a brief status-bar note; information and error: a notification. */
  tone: 'status' | 'information' | 'error';
  text: string;
  /** The error behind an error message, for the buttons that fix it. */
  error?: TwelveLabsError;
}

export function deleteResultMessage(target: DeleteTarget, outcome: ItemOutcome): DeleteMessage | undefined {
  switch (outcome.kind) {
    case 'deleted':
      return { tone: 'status', text: l10n.t('Deleted “{0}” from TwelveLabs.', target.assetName) };
    case 'alreadyGone':
      return { tone: 'information', text: l10n.t('“{0}” was already deleted from TwelveLabs.', target.assetName) };
    case 'failed': {
      // After a cut or timed-out DELETE, TwelveLabs may still have done it.
      const unsure = outcome.error.kind === 'network' || outcome.error.kind === 'timeout';
      const text = unsure
        ? l10n.t(
            'Could not confirm the delete of “{0}”. {1} Refresh the view to see whether it is gone.',
            target.assetName,
            outcome.error.message,
          )
        : l10n.t('Could not delete “{0}”. {1}', target.assetName, outcome.error.message);
      return { tone: 'error', text, error: outcome.error };
    }
    case 'cancelled':
      return undefined;
  }
}
