import * as vscode from 'vscode';
import { AssetNode } from '../../core/accountTree';
import { TwelveLabsClient } from '../../core/api/client';
import { TwelveLabsError, errorDetails, messageOf } from '../../core/api/errors';
import { DEFAULT_CONCURRENCY, ItemResult, runDeletes } from '../../core/bulkDelete';
import { tally } from '../../core/deleteFlow';
import {
  Confirmation,
  DeleteTarget,
  assetName,
  deleteConfirmation,
  deleteResultMessage,
  deleteSummary,
  indexName,
} from '../../core/present';
import { deleteConcurrencySetting } from '../connection';
import { FROM_SELECTION } from '../contributions';
import { pickAssetsToDelete } from '../pickers';
import { Handler, Services } from '../services';
import { showError } from '../notify';
import { isAssetNode } from '../treeArguments';

function isFromSelection(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Partial<typeof FROM_SELECTION>).fromSelection === true
  );
}

function targetOf(node: AssetNode): DeleteTarget {
  return {
    indexId: node.parent.index._id,
    indexName: indexName(node.parent.index),
    assetId: node.asset._id,
    assetName: assetName(node.asset),
  };
}

/**
 * Three ways in: the context menu passes the clicked row and the selection (both are deleted),
 * the Delete key passes FROM_SELECTION (the view's selection is deleted), and the palette passes
 * nothing (the user picks an index, then one or more assets).
 */
export function deleteIndexedAsset(services: Services): Handler {
  return async (clicked?: unknown, selection?: unknown) => {
    if (clicked === undefined) {
      const picked = await pickFromPalette(services);
      if (picked !== undefined) {
        await deleteTargets(picked, 0, services);
      }
      return;
    }
    const rows = isFromSelection(clicked)
      ? [...services.view.selection]
      : [clicked, ...(Array.isArray(selection) ? (selection as unknown[]) : [])].filter(
          (row, i, all) => all.indexOf(row) === i,
        );
    const assets = rows.filter(isAssetNode);
    if (assets.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select one or more indexed assets to delete.'));
      return;
    }
    await deleteTargets(assets.map(targetOf), rows.length - assets.length, services);
  };
}

/**
 * The whole delete, top to bottom: claim the assets, get the client, ask in the modal, run the
 * deletes (with progress when there are several), release the claim, then report. The report
 * comes after the release: a notification left open must not hold the assets.
 */
async function deleteTargets(targets: DeleteTarget[], ignored: number, services: Services): Promise<void> {
  const claim = services.inFlight.claim(targets);
  if (claim.targets.length === 0) {
    return; // each is in a delete already open, which will report on it
  }
  let outcome: { results: ItemResult<DeleteTarget>[] } | { noClient: unknown } | undefined;
  try {
    let client: TwelveLabsClient | undefined;
    try {
      // No key or an unusable setting: say so rather than ask for a confirmation that could not be acted on.
      client = await services.connection.client();
    } catch (error) {
      outcome = { noClient: error };
    }
    if (client !== undefined && (await confirmedInModal(deleteConfirmation(claim.targets, ignored)))) {
      const run = runFor(client, claim.targets, services);
      outcome = {
        results: claim.targets.length === 1 ? await run({}) : await withProgressAndCancel(claim.targets.length, run),
      };
    }
  } finally {
    claim.release();
  }
  if (outcome === undefined) {
    return; // Escape and Cancel send nothing
  }
  if ('noClient' in outcome) {
    await showError(
      services.log,
      vscode.l10n.t('Nothing was deleted. {0}', messageOf(outcome.noClient)),
      outcome.noClient,
    );
    return;
  }
  const { results } = outcome;
  await (results.length === 1 ? reportOne(results[0], services) : reportMany(results, services));
}

/** Only the modal's confirming button ("Delete") confirms; Escape and Cancel do not. */
async function confirmedInModal({ message, detail, confirmLabel }: Confirmation): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel)) === confirmLabel;
}

/** Runs the deletes; each row goes as soon as TwelveLabs confirms it, not at the end. */
function runFor(
  client: TwelveLabsClient,
  targets: DeleteTarget[],
  services: Services,
): (control: RunControl) => Promise<ItemResult<DeleteTarget>[]> {
  return ({ signal, onSettled }) =>
    runDeletes(targets, (target) => client.deleteIndexedAsset(target.indexId, target.assetId), {
      concurrency: deleteConcurrencySetting() ?? DEFAULT_CONCURRENCY,
      signal,
      onSettled: (result) => {
        const { job, outcome } = result;
        if (outcome.kind === 'deleted' || outcome.kind === 'alreadyGone') {
          services.model.removeAsset(job.indexId, job.assetId, outcome.kind === 'deleted');
        }
        onSettled?.(result);
      },
    });
}

/** What a progress notification may do to a running delete: cancel it, and hear of each asset. */
interface RunControl {
  signal?: AbortSignal;
  onSettled?: (result: ItemResult<DeleteTarget>) => void;
}

function withProgressAndCancel(
  total: number,
  run: (control: RunControl) => Promise<ItemResult<DeleteTarget>[]>,
): Promise<ItemResult<DeleteTarget>[]> {
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

async function pickFromPalette(services: Services): Promise<DeleteTarget[] | undefined> {
  try {
    const picked = await pickAssetsToDelete(await services.connection.client());
    if (picked instanceof TwelveLabsError) {
      throw picked;
    }
    return picked;
  } catch (error) {
    await showError(services.log, vscode.l10n.t('Could not list your indexed assets. {0}', messageOf(error)), error);
    return undefined;
  }
}

async function reportOne({ job, outcome }: ItemResult<DeleteTarget>, services: Services): Promise<void> {
  const message = deleteResultMessage(job, outcome);
  if (message?.tone === 'status') {
    vscode.window.setStatusBarMessage(message.text, 5000);
  } else if (message?.tone === 'information') {
    void vscode.window.showInformationMessage(message.text);
  } else if (message?.tone === 'error') {
    await showError(services.log, message.text, message.error);
  }
}

async function reportMany(results: ItemResult<DeleteTarget>[], services: Services): Promise<void> {
  const counts = tally(results);
  const summary = deleteSummary(counts);
  services.log.info(summary);
  if (counts.failed === 0 && counts.cancelled === 0) {
    void vscode.window.showInformationMessage(summary);
    return;
  }
  for (const { job, outcome } of results) {
    if (outcome.kind === 'failed') {
      const details = errorDetails(outcome.error);
      services.log.error(
        `Could not delete “${job.assetName}” (${job.assetId}) from “${job.indexName}”: ${outcome.error.message}` +
          (details === undefined ? '' : ` (${details})`),
      );
    } else if (outcome.kind === 'cancelled') {
      services.log.warn(`Cancelled before deleting “${job.assetName}” (${job.assetId}) from “${job.indexName}”.`);
    }
  }
  const showDetails = vscode.l10n.t('Show Details');
  if ((await vscode.window.showWarningMessage(summary, showDetails)) === showDetails) {
    services.log.show(true);
  }
}
