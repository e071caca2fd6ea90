import type { AssetFilter } from './api/client';
import { TwelveLabsError } from './api/errors';
import { Index, IndexedAsset } from './api/schemas';
import type { ItemOutcome } from './bulkDelete';

/**
 * The words and icons the views show, as plain strings. Names come from the account and
 * are untrusted: they are shown literally, never as markdown, with characters that could
 * hide or reorder text replaced.
 */

const LABEL_MAX = 80;
// Long enough for any real name in full; the label is the shortened one.
const TOOLTIP_TEXT_MAX = 10_000;

// C0/C1 controls, and the bidi marks and overrides that can make "gpj.exe" read as "exe.jpg".
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of account text, safe to show: unsafe characters become U+FFFD, long text ends in an ellipsis. */
export function displayText(raw: string, max = LABEL_MAX): string {
  const safe = raw.replace(UNSAFE_CHARACTERS, '\uFFFD');
  const chars = Array.from(safe);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : safe;
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
function formatDate(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const time = Date.parse(value);
  return Number.isNaN(time) ? displayText(value, 40) : new Date(time).toISOString().slice(0, 10);
}

export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function indexDescription(index: Index): string {
  return index.video_count === undefined ? '' : countOf(index.video_count, 'video', 'videos');
}

/** How a filtered index says so beside its name, e.g. "filtered: failed · “clip”". */
export function assetFilterDescription(filter: AssetFilter | undefined): string | undefined {
  if (!filter) {
    return undefined;
  }
  const parts = [filter.statuses?.join(', '), filter.filename ? `“${displayText(filter.filename, 30)}”` : undefined];
  return `filtered: ${parts.filter(Boolean).join(' · ')}`;
}

export function indexTooltip(index: Index): string {
  const models = index.models.map((m) =>
    m.model_options.length > 0 ? `${m.model_name} (${m.model_options.join(', ')})` : m.model_name,
  );
  return lines([
    displayText(index.index_name || index._id, TOOLTIP_TEXT_MAX),
    models.length > 0 ? `Models: ${displayText(models.join(', '), TOOLTIP_TEXT_MAX)}` : undefined,
    index.video_count === undefined ? undefined : `Videos: ${index.video_count}`,
    labelled('Total duration', formatDuration(index.total_duration)),
    labelled('Created', formatDate(index.created_at)),
    labelled('Expires', formatDate(index.expires_at)),
    `ID: ${displayText(index._id)}`,
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
    labelled('Status', asset.status === undefined ? undefined : displayText(asset.status, 40)),
    labelled('Duration', formatDuration(meta.duration)),
    labelled('Resolution', resolution),
    labelled('Created', formatDate(asset.created_at)),
    `ID: ${displayText(asset._id)}`,
  ]);
}

/** A codicon id and an optional theme color id, for a status. */
export interface IconSpec {
  id: string;
  color?: string;
}

export function assetIcon(status: string | undefined): IconSpec {
  switch (status) {
    case 'pending':
    case 'queued':
    case 'indexing':
      return { id: 'loading~spin' };
    case 'failed':
      return { id: 'error', color: 'errorForeground' };
    default:
      return { id: 'device-camera-video' };
  }
}

export function loadMoreLabel(shown: number, total: number | undefined): string {
  return total === undefined ? 'Load more…' : `Load more… (${shown} of ${total} shown)`;
}

export interface DeleteTarget {
  indexId: string;
  indexName: string;
  assetId: string;
  assetName: string;
}

export interface Confirmation {
  message: string;
  detail: string;
  confirmLabel: 'Delete';
}

/** How many names the plural modal lists before "and N more". */
const NAMES_LISTED = 5;

/**
 * The modal's words for deleting these assets (at least one). `ignored` counts selected rows
 * that are not indexed assets, which the delete leaves alone.
 */
export function deleteConfirmation(targets: readonly DeleteTarget[], ignored = 0): Confirmation {
  const note =
    ignored > 0
      ? `\n\n${countOf(ignored, 'selected item is not an indexed asset and is', 'selected items are not indexed assets and are')} left alone.`
      : '';
  if (targets.length === 1) {
    const [target] = targets;
    return {
      message: `Delete “${target.assetName}” from the index “${target.indexName}”?`,
      detail:
        'TwelveLabs will permanently remove this indexed asset and everything indexed for it. This cannot be undone. The uploaded source file is not deleted.' +
        note,
      confirmLabel: 'Delete',
    };
  }
  const indexNames = [...new Set(targets.map((target) => target.indexName))];
  const indexIds = new Set(targets.map((target) => target.indexId));
  const from = indexIds.size === 1 ? `the index “${indexNames[0]}”` : countOf(indexIds.size, 'index', 'indexes');
  const listed = targets.slice(0, NAMES_LISTED).map((target) => `• ${target.assetName}`);
  const rest = targets.length - listed.length;
  return {
    message: `Delete ${targets.length} indexed assets from ${from}?`,
    detail: lines([
      ...listed,
      rest > 0 ? `…and ${rest} more.` : undefined,
      '',
      'TwelveLabs will permanently remove these indexed assets and everything indexed for them. This cannot be undone. The uploaded source files are not deleted.' +
        note,
    ]),
    confirmLabel: 'Delete',
  };
}

export interface DeleteTally {
  /** Deleted now, or found already gone: either way no longer there. */
  deleted: number;
  alreadyGone: number;
  failed: number;
  cancelled: number;
}

/** One line for the end of a bulk delete, e.g. "Deleted 118 of 120 indexed assets; 2 failed." */
export function deleteSummary({ deleted, alreadyGone, failed, cancelled }: DeleteTally): string {
  const total = deleted + failed + cancelled;
  const head =
    deleted === total
      ? `Deleted ${countOf(total, 'indexed asset', 'indexed assets')}`
      : `Deleted ${deleted} of ${countOf(total, 'indexed asset', 'indexed assets')}`;
  const gone = alreadyGone > 0 ? ` (${alreadyGone} ${alreadyGone === 1 ? 'was' : 'were'} already gone)` : '';
  const problems = [failed > 0 ? `${failed} failed` : undefined, cancelled > 0 ? `${cancelled} cancelled` : undefined]
    .filter(Boolean)
    .join(', ');
  return `${head}${gone}${problems ? `; ${problems}` : ''}.`;
}

function labelled(label: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : `${label}: ${value}`;
}

function lines(parts: (string | undefined)[]): string {
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
      return { tone: 'status', text: `Deleted “${target.assetName}” from TwelveLabs.` };
    case 'alreadyGone':
      return { tone: 'information', text: `“${target.assetName}” was already deleted from TwelveLabs.` };
    case 'failed': {
      // After a cut or timed-out DELETE, TwelveLabs may still have done it.
      const unsure = outcome.error.kind === 'network' || outcome.error.kind === 'timeout';
      const text = unsure
        ? `Could not confirm the delete of “${target.assetName}”. ${outcome.error.message} Refresh the view to see whether it is gone.`
        : `Could not delete “${target.assetName}”. ${outcome.error.message}`;
      return { tone: 'error', text, error: outcome.error };
    }
    case 'cancelled':
      return undefined;
  }
}
