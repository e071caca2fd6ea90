import * as l10n from '@vscode/l10n';
import { AssetFilter } from './api/client';

// The words of a delete run: its progress, its name in the deletion history, and Delete All
// Matching's modal and summary.

/** Above this many, Delete All Matching asks the user to type the count. */
export const TYPE_THE_COUNT_ABOVE = 100;

/** Settled items before the time left is estimated: the first answers include the slow start. */
const ESTIMATE_AFTER = 5;

/** The sentences that end a summary of several: how many failed, how many were cancelled (none for zero). */
export function failedAndCancelled(failed: number, cancelled: number): string[] {
  return [
    failed === 0 ? undefined : failed === 1 ? l10n.t('1 failed.') : l10n.t('{0} failed.', countText(failed)),
    cancelled === 0
      ? undefined
      : cancelled === 1
        ? l10n.t('1 was cancelled.')
        : l10n.t('{0} were cancelled.', countText(cancelled)),
  ].filter((sentence) => sentence !== undefined);
}

/** A count as people read it, e.g. 4,812. */
export function countText(n: number): string {
  return n.toLocaleString('en-US');
}

/** “Deleting 120 of 4,812… about 3 min left”. */
export function progressText(settled: number, total: number, elapsedMs: number | undefined): string {
  const doing = l10n.t('Deleting {0} of {1}…', countText(Math.min(settled + 1, total)), countText(total));
  if (elapsedMs === undefined || settled < ESTIMATE_AFTER || settled >= total) {
    return doing;
  }
  const leftMs = (elapsedMs / settled) * (total - settled);
  return `${doing} ${l10n.t('about {0} left', durationText(leftMs))}`;
}

/** “40 s”, “3 min”, “2 h”: a time left, rounded as an estimate should be. */
export function durationText(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) {
    return l10n.t('{0} s', seconds);
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? l10n.t('{0} min', minutes) : l10n.t('{0} h', Math.round(minutes / 60));
}

/** “whose status is failed and whose filename matches “call””. */
export function filterText({ statuses, filename }: AssetFilter): string {
  const status =
    statuses === undefined || statuses.length === 0
      ? undefined
      : statuses.length === 1
        ? statuses[0]
        : l10n.t('{0} or {1}', statuses.slice(0, -1).join(', '), statuses[statuses.length - 1]);
  if (status !== undefined && filename) {
    return l10n.t('whose status is {0} and whose filename matches “{1}”', status, filename);
  }
  return status !== undefined
    ? l10n.t('whose status is {0}', status)
    : l10n.t('whose filename matches “{0}”', filename ?? '');
}

export interface AllMatchingConfirmation {
  message: string;
  detail: string;
  /** “Delete All”. */
  confirmLabel: string;
  /** Set above TYPE_THE_COUNT_ABOVE: the prompt of the second step. */
  typeTheCount?: string;
}

export function allMatchingConfirmation(
  indexName: string,
  filter: AssetFilter,
  total: number,
): AllMatchingConfirmation {
  const which = filterText(filter);
  return {
    message:
      total === 1
        ? l10n.t('Delete the 1 indexed asset in “{0}” {1}?', indexName, which)
        : l10n.t('Delete all {0} indexed assets in “{1}” {2}?', countText(total), indexName, which),
    detail: l10n.t(
      'TwelveLabs counted them just now. They are deleted page by page as TwelveLabs lists them: nothing outside the filter, and nothing that begins to match after this count. Each delete goes into the deletion history, whose Restore can index the video again from its upload. The uploaded source files are not deleted.',
    ),
    confirmLabel: l10n.t('Delete All'),
    typeTheCount:
      total > TYPE_THE_COUNT_ABOVE
        ? l10n.t('Type {0} to delete all {1} indexed assets in “{2}”.', total, countText(total), indexName)
        : undefined,
  };
}

/** Whether what was typed is the count, with or without thousands separators. */
export function isTheCount(typed: string, total: number): boolean {
  const text = typed.trim();
  return /^\d{1,3}([,.\s\u202f]\d{3})*$|^\d+$/.test(text) && text.replace(/\D/g, '') === String(total);
}

/** What the bulk summary does not say about a Delete All Matching run. */
export function allMatchingNotes(run: {
  confirmed: number;
  taken: number;
  beyondLimit: number;
  /** Cancel, or the user stopped because the deletion record could not be written. */
  cancelled: boolean;
  listError?: string;
}): string[] {
  const notes: string[] = [];
  if (run.listError !== undefined) {
    notes.push(l10n.t('Stopped: the list of matching assets could not be read. {0}', run.listError));
  }
  const short = run.confirmed - run.taken;
  if (short > 0 && (run.cancelled || run.listError !== undefined)) {
    notes.push(
      short === 1
        ? l10n.t('1 matching asset was not reached.')
        : l10n.t('{0} matching assets were not reached.', countText(short)),
    );
  } else if (short > 0) {
    // The whole list was read: the ones missing went elsewhere, or stopped matching, after the count.
    notes.push(
      short === 1
        ? l10n.t(
            '1 of the {0} counted was no longer listed: deleted elsewhere, or no longer matching.',
            countText(run.confirmed),
          )
        : l10n.t(
            '{0} of the {1} counted were no longer listed: deleted elsewhere, or no longer matching.',
            countText(short),
            countText(run.confirmed),
          ),
    );
  }
  if (run.beyondLimit > 0) {
    notes.push(
      run.beyondLimit === 1
        ? l10n.t('1 asset began to match after the count and was left alone.')
        : l10n.t('{0} assets began to match after the count and were left alone.', countText(run.beyondLimit)),
    );
  }
  return notes;
}

/** The operation's name in the deletion history. */
export function indexedAssetsLabel(targets: readonly { assetName: string; indexName: string }[]): string {
  if (targets.length === 1) {
    return l10n.t('Delete “{0}” from “{1}”', targets[0].assetName, targets[0].indexName);
  }
  const indexes = new Set(targets.map((target) => target.indexName));
  return indexes.size === 1
    ? l10n.t('Delete {0} indexed assets from “{1}”', countText(targets.length), [...indexes][0])
    : l10n.t('Delete {0} indexed assets from {1} indexes', countText(targets.length), indexes.size);
}

export function uploadsLabel(jobs: readonly { assetName: string }[]): string {
  return jobs.length === 1
    ? l10n.t('Delete Asset “{0}”', jobs[0].assetName)
    : l10n.t('Delete {0} uploaded assets', countText(jobs.length));
}

export function allMatchingLabel(indexName: string, filter: AssetFilter): string {
  return l10n.t('Delete All Matching in “{0}” ({1})', indexName, filterText(filter));
}
