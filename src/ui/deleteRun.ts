import * as vscode from 'vscode';
import { TwelveLabsClient } from '../core/api/client';
import { errorDetails, messageOf } from '../core/api/errors';
import { DEFAULT_CONCURRENCY, ItemResult, isGone, runDeletes } from '../core/bulkDelete';
import { DeleteTarget } from '../core/present';
import { assetDeleteSummary, assetOutcomeText } from '../core/presentAssets';
import { SourceAssetJob, SourceAssetResult, deleteSourceAssets } from '../core/sourceAssetDelete';
import { deleteConcurrencySetting } from './connection';
import { showError, warnWithDetails } from './notify';
import { Services } from './services';

const concurrency = (): number => deleteConcurrencySetting() ?? DEFAULT_CONCURRENCY;

// What every delete shares, for indexed assets and uploaded assets alike: the modal, the progress
// notification with Cancel, and the runs that take each row out of the views as TwelveLabs confirms it.

/** What a progress notification may do to a running delete: cancel it, and hear of each item. */
export interface RunControl {
  signal?: AbortSignal;
  onSettled?: () => void;
}

/** Runs a palette picker with the current client; a failure is shown in `failureText`'s words, and gives undefined. */
export async function pickOrExplain<T>(
  services: Services,
  pick: (client: TwelveLabsClient) => Promise<T | undefined>,
  failureText: (reason: string) => string,
): Promise<T | undefined> {
  try {
    return await pick(await services.connection.client());
  } catch (error) {
    await showError(services.log, failureText(messageOf(error)), error);
    return undefined;
  }
}

/** The button chosen in a modal warning; Escape and Cancel give undefined. */
export async function askInModal(message: string, detail: string, buttons: string[]): Promise<string | undefined> {
  return vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
}

/** Runs `run` under a cancellable progress notification that counts settled items out of `total`. */
export function withProgressAndCancel<T>(total: number, run: (control: RunControl) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('TwelveLabs'), cancellable: true },
      (progress, token) => {
        const cancel = new AbortController();
        const subscription = token.onCancellationRequested(() => {
          cancel.abort();
        });
        let settled = 0;
        progress.report({ message: vscode.l10n.t('Deleting {0} of {1}…', 1, total) });
        return run({
          signal: cancel.signal,
          onSettled: () => {
            settled++;
            progress.report({
              message: cancel.signal.aborted
                ? vscode.l10n.t('Cancelling… {0} of {1} settled', settled, total)
                : vscode.l10n.t('Deleting {0} of {1}…', Math.min(settled + 1, total), total),
              increment: 100 / total,
            });
          },
        }).finally(() => {
          subscription.dispose();
        });
      },
    ),
  );
}

/** Deletes indexed assets; each row leaves both views as soon as TwelveLabs confirms it, not at the end. */
export async function deleteIndexedAssets(
  client: TwelveLabsClient,
  targets: readonly DeleteTarget[],
  { model, assets }: Services,
  { signal, onSettled }: RunControl,
): Promise<ItemResult<DeleteTarget>[]> {
  const results = await runDeletes(targets, (target) => client.deleteIndexedAsset(target.indexId, target.assetId), {
    concurrency: concurrency(),
    signal,
    onSettled: ({ job, outcome }) => {
      if (isGone(outcome)) {
        model.removeAsset(job.indexId, job.assetId, outcome.kind === 'deleted');
      }
      onSettled?.();
    },
  });
  const gone = results.filter(({ outcome }) => isGone(outcome));
  assets.referencesDeleted(new Set(gone.map(({ job }) => job.assetId)));
  return results;
}

/** Deletes the uploaded assets whose every indexed asset `referenceResults` saw go; keeps the others. */
export async function deleteUploadedAssets(
  client: TwelveLabsClient,
  jobs: readonly SourceAssetJob[],
  referenceResults: readonly ItemResult<DeleteTarget>[],
  { assets }: Services,
  { signal, onSettled }: RunControl,
): Promise<SourceAssetResult[]> {
  return deleteSourceAssets(client, jobs, referenceResults, {
    concurrency: concurrency(),
    signal,
    onSettled: ({ job, outcome }) => {
      if (isGone(outcome)) {
        assets.assetDeleted(job.assetId);
      }
      onSettled?.();
    },
  });
}

/**
 * Tells how a delete of uploaded assets ended: one asset deleted is a status-bar note; anything
 * else is a notification, with each asset kept, failed or cancelled in the log behind Show Details.
 */
export async function reportUploadedAssets(results: readonly SourceAssetResult[], services: Services): Promise<void> {
  const done = results.every(({ outcome }) => isGone(outcome));
  if (results.length === 1) {
    const [{ outcome }] = results;
    const text = assetOutcomeText(results[0]);
    const error = outcome.kind === 'failed' || outcome.kind === 'kept' ? outcome.error : undefined;
    if (error !== undefined) {
      await showError(services.log, text, error); // a 409 too: the user asked for a delete that did not happen
    } else if (outcome.kind === 'deleted') {
      vscode.window.setStatusBarMessage(text, 5000);
    } else if (outcome.kind !== 'cancelled') {
      services.log.info(text);
      void vscode.window.showInformationMessage(text);
    }
    return;
  }
  const summary = assetDeleteSummary(results);
  services.log.info(summary);
  if (done) {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  for (const result of results) {
    const { outcome } = result;
    if (isGone(outcome)) continue;
    const details = outcome.kind === 'failed' ? errorDetails(outcome.error) : undefined;
    services.log.warn(`${assetOutcomeText(result)} (${result.job.assetId})${details ? ` (${details})` : ''}`);
  }
  await warnWithDetails(services.log, summary);
}
