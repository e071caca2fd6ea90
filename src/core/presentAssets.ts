import * as l10n from '@vscode/l10n';
import { AssetReference, SourceAsset } from './api/assetSchemas';
import { NAMES_LISTED, TOOLTIP_TEXT_MAX, displayText, formatDate, formatDuration, ifKnown, lines } from './present';
import { SourceAssetJob, SourceAssetResult } from './sourceAssetDelete';
import { failedAndCancelled } from './presentRuns';

// The words of the Assets view and of deleting uploaded assets. As in present.ts, names come from
// the account and are shown literally, made safe by displayText.

/** Whether an index uses an asset: undefined while that is being checked, 'unknown' when the check failed. */
export type Usage = 'used' | 'unused' | 'unknown' | undefined;

export function sourceAssetName(asset: SourceAsset): string {
  return displayText(asset.filename || asset._id);
}

export function referenceIndexName(reference: AssetReference): string {
  return displayText(reference.indexName || reference.indexId);
}

/** `812 KB`, `7.4 MB`, `12 MB`, `3.1 GB`: decimal units, as file managers show them, one decimal below 10. */
export function formatSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) {
    return undefined;
  }
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const shown = (power: number) => {
    const value = bytes / 1000 ** power;
    return power === 0 ? String(value) : value.toFixed(value < 9.95 ? 1 : 0);
  };
  let power = Math.min(units.length - 1, Math.floor(Math.log10(Math.max(bytes, 1)) / 3));
  // 999,600 bytes rounds to "1000 KB": that is "1.0 MB".
  if (power < units.length - 1 && Number(shown(power)) >= 1000) {
    power++;
  }
  return `${shown(power)} ${units[power]}`;
}

/** What the row shows beside the name: unused first, since that is what the view is for. */
export function sourceAssetDescription(asset: SourceAsset, usage: Usage): string {
  return [
    usage === 'unused' ? l10n.t('unused') : undefined,
    formatSize(asset.size),
    asset.file_type ? displayText(asset.file_type, 30) : undefined,
    asset.status && asset.status !== 'ready' ? displayText(asset.status, 20) : undefined,
    formatDate(asset.created_at),
  ]
    .filter(Boolean)
    .join(' · ');
}

function usageLine(usage: Usage): string {
  switch (usage) {
    case undefined:
      return l10n.t('Checking which indexes use it…');
    case 'unknown':
      return l10n.t('Could not check which indexes use it: expand to see.');
    case 'unused':
      return l10n.t('Unused: no index uses it.');
    case 'used':
      return l10n.t('Used by an index: expand to see which.');
  }
}

export function sourceAssetTooltip(asset: SourceAsset, usage: Usage): string {
  return lines([
    displayText(asset.filename || asset._id, TOOLTIP_TEXT_MAX),
    usageLine(usage),
    ifKnown(asset.status, (status) => l10n.t('Status: {0}', displayText(status, 40))),
    ifKnown(asset.file_type, (type) => l10n.t('Type: {0}', displayText(type, 80))),
    ifKnown(formatSize(asset.size), (size) => l10n.t('Size: {0}', size)),
    ifKnown(formatDuration(asset.duration), (value) => l10n.t('Duration: {0}', value)),
    ifKnown(formatDate(asset.created_at), (value) => l10n.t('Created: {0}', value)),
    l10n.t('ID: {0}', displayText(asset._id)),
  ]);
}

/** What a screen reader says: the name, whether it is used, and the row's other facts in words. */
export function sourceAssetAccessibilityLabel(asset: SourceAsset, usage: Usage): string {
  return [
    l10n.t('Asset {0}', sourceAssetName(asset)),
    usage === 'unused' ? l10n.t('unused') : usage === 'used' ? l10n.t('used by an index') : undefined,
    ifKnown(formatSize(asset.size), (size) => l10n.t('size: {0}', size)),
    ifKnown(asset.status, (status) => l10n.t('status: {0}', displayText(status, 40))),
  ]
    .filter(Boolean)
    .join(', ');
}

export function referenceTooltip(reference: AssetReference): string {
  return lines([
    l10n.t('Indexed in “{0}”', displayText(reference.indexName || reference.indexId, TOOLTIP_TEXT_MAX)),
    l10n.t('Indexed asset ID: {0}', displayText(reference._id)),
    l10n.t('Click to show it in the Indexes view.'),
  ]);
}

/** The Assets view's note when some indexed assets do not say which upload they came from. */
export function usesNotShownNote(count: number): string | undefined {
  if (count === 0) {
    return undefined;
  }
  return count === 1
    ? l10n.t(
        '1 indexed asset in an older index does not name its upload: an upload marked unused may be the one it uses.',
      )
    : l10n.t(
        '{0} indexed assets in older indexes do not name their upload: an upload marked unused may be used by one of them.',
        count,
      );
}

/** What the Assets view says when it has no rows. */
export function assetsEmptyText(unusedOnly: boolean, filename: string | undefined): string {
  if (unusedOnly) {
    return filename
      ? l10n.t('No unused asset matches “{0}”.', filename)
      : l10n.t('No unused assets: every asset is used by an index.');
  }
  return filename ? l10n.t('No asset matches the filename “{0}”.', filename) : l10n.t('No uploaded assets yet.');
}

export interface AssetConfirmation {
  message: string;
  detail: string;
  /** "Delete": deletes the assets nothing uses, and keeps the others. */
  confirmLabel: string;
  /** Offered when some asset is in use: deletes its indexed assets first, then it. */
  withIndexedAssetsLabel?: string;
}

/** Index names as `“A”, “B”` and "and N more". */
function quotedNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  const listed = unique.slice(0, NAMES_LISTED).map((name) => `“${name}”`);
  const rest = unique.length - listed.length;
  return rest > 0 ? l10n.t('{0} and {1} more', listed.join(', '), rest) : listed.join(', ');
}

const indexNamesOf = (references: readonly AssetReference[]) => quotedNames(references.map(referenceIndexName));

export function assetDeleteConfirmation(jobs: readonly SourceAssetJob[], ignored = 0): AssetConfirmation {
  const used = jobs.filter((job) => job.references.length > 0);
  const allReferences = used.flatMap((job) => job.references);
  const listed = jobs.length === 1 ? [] : jobs.slice(0, NAMES_LISTED).map((job) => `• ${job.assetName}`);
  const rest = jobs.length - NAMES_LISTED;
  const usedText =
    used.length === 0
      ? jobs.length === 1
        ? l10n.t('No index uses it.')
        : l10n.t('No index uses them.')
      : jobs.length === 1
        ? allReferences.length === 1
          ? l10n.t('It is used by 1 indexed asset, in {0}.', indexNamesOf(allReferences))
          : l10n.t('It is used by {0} indexed assets, in {1}.', allReferences.length, indexNamesOf(allReferences))
        : used.length === 1
          ? l10n.t('1 of them is used by indexed assets, in {0}.', indexNamesOf(allReferences))
          : l10n.t('{0} of them are used by indexed assets, in {1}.', used.length, indexNamesOf(allReferences));
  const how =
    used.length === 0
      ? l10n.t('TwelveLabs will permanently delete the uploaded file. This cannot be undone.')
      : l10n.t(
          '“Delete” keeps an asset that is in use. “Delete Asset and Its Indexed Assets” deletes those indexed assets first, then the asset. This cannot be undone.',
        );
  const note =
    ignored === 0
      ? undefined
      : ignored === 1
        ? l10n.t('1 selected item is not an asset and is left alone.')
        : l10n.t('{0} selected items are not assets and are left alone.', ignored);
  return {
    message:
      jobs.length === 1
        ? l10n.t('Delete the asset “{0}”?', jobs[0].assetName)
        : l10n.t('Delete {0} assets?', jobs.length),
    detail: lines([
      ...listed,
      rest > 0 ? l10n.t('And {0} more.', rest) : undefined,
      listed.length > 0 ? '' : undefined,
      usedText,
      '',
      how,
      note === undefined ? undefined : `\n${note}`,
    ]),
    confirmLabel: l10n.t('Delete'),
    withIndexedAssetsLabel: used.length > 0 ? l10n.t('Delete Asset and Its Indexed Assets') : undefined,
  };
}

/** What the Indexes view's modal adds when the delete would leave source assets unused. */
export function sourcesLeftUnusedNote(jobs: readonly SourceAssetJob[]): { detail: string; buttonLabel: string } {
  const names = quotedNames(jobs.map((job) => job.assetName));
  return {
    detail:
      jobs.length === 1
        ? l10n.t(
            'This leaves 1 uploaded source asset unused: {0}. “Delete with Source Assets” deletes it too; “Delete” keeps it.',
            names,
          )
        : l10n.t(
            'This leaves {0} uploaded source assets unused: {1}. “Delete with Source Assets” deletes them too; “Delete” keeps them.',
            jobs.length,
            names,
          ),
    buttonLabel: l10n.t('Delete with Source Assets'),
  };
}

/** What became of one asset, in a sentence: alone as the message, or a line of the log. */
export function assetOutcomeText({ job, outcome }: SourceAssetResult): string {
  switch (outcome.kind) {
    case 'deleted':
      return l10n.t('Deleted the asset “{0}”.', job.assetName);
    case 'alreadyGone':
      return l10n.t('The asset “{0}” was already deleted.', job.assetName);
    case 'kept':
      return outcome.error
        ? l10n.t(
            'Kept the asset “{0}”: its indexed asset in {1} could not be deleted. {2}',
            job.assetName,
            indexNamesOf(outcome.stillUsedBy),
            outcome.error.message,
          )
        : l10n.t(
            'Kept the asset “{0}”: indexed assets in {1} still use it.',
            job.assetName,
            indexNamesOf(outcome.stillUsedBy),
          );
    case 'failed':
      return outcome.error.kind === 'conflict'
        ? l10n.t(
            'Kept the asset “{0}”: TwelveLabs says indexed assets still use it. Refresh to see them.',
            job.assetName,
          )
        : l10n.t('Could not delete the asset “{0}”. {1}', job.assetName, outcome.error.message);
    case 'cancelled':
      return l10n.t('Cancelled before deleting the asset “{0}”.', job.assetName);
  }
}

/** The end of a delete of uploaded assets, e.g. "Deleted 3 of 5 assets. 2 were kept: indexed assets use them." */
export function assetDeleteSummary(results: readonly SourceAssetResult[]): string {
  const count = (kind: string) => results.filter(({ outcome }) => outcome.kind === kind).length;
  const deleted = count('deleted') + count('alreadyGone');
  const [kept, failed, cancelled] = [count('kept'), count('failed'), count('cancelled')];
  const total = results.length;
  return [
    deleted === total
      ? total === 1
        ? l10n.t('Deleted 1 asset.')
        : l10n.t('Deleted {0} assets.', total)
      : l10n.t('Deleted {0} of {1} assets.', deleted, total),
    kept === 0
      ? undefined
      : kept === 1
        ? l10n.t('1 was kept: indexed assets still use it.')
        : l10n.t('{0} were kept: indexed assets still use them.', kept),
    ...failedAndCancelled(failed, cancelled),
  ]
    .filter(Boolean)
    .join(' ');
}
