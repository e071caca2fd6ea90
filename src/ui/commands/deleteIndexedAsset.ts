import * as vscode from 'vscode';
import { AssetNode, TreeNode } from '../../core/accountTree';
import { TwelveLabsError, errorDetails, messageOf } from '../../core/api/errors';
import { ItemResult } from '../../core/bulkDelete';
import { Confirm, RunControl, tally } from '../../core/deleteFlow';
import { DeleteTarget, assetName, deleteResultMessage, deleteSummary, indexName } from '../../core/present';
import { deleteConcurrencySetting } from '../connection';
import { COMMAND, FROM_SELECTION } from '../contributions';
import { pickAssetsToDelete } from '../pickers';
import { Services } from '../services';
import { showError } from '../notify';
import { isAssetNode } from '../treeArguments';

/** The modal; only its "Delete" button confirms. Escape and Cancel resolve false. */
const confirmInModal: Confirm = async ({ message, detail, confirmLabel }) =>
  (await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel)) === confirmLabel;

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
export function registerDeleteIndexedAsset(services: Services, view: vscode.TreeView<TreeNode>): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.deleteIndexedAsset, async (clicked?: unknown, selection?: unknown) => {
    if (clicked === undefined) {
      const picked = await pickFromPalette(services);
      if (picked !== undefined) {
        await deleteTargets(picked, 0, services);
      }
      return;
    }
    const rows = isFromSelection(clicked)
      ? [...view.selection]
      : [clicked, ...(Array.isArray(selection) ? (selection as unknown[]) : [])].filter(
          (row, i, all) => all.indexOf(row) === i,
        );
    const assets = rows.filter(isAssetNode);
    if (assets.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select one or more indexed assets to delete.'));
      return;
    }
    await deleteTargets(assets.map(targetOf), rows.length - assets.length, services);
  });
}

async function deleteTargets(targets: DeleteTarget[], ignored: number, services: Services): Promise<void> {
  // Rows go as soon as TwelveLabs confirms each one, not at the end.
  const onSettled = ({ job, outcome }: ItemResult<DeleteTarget>): void => {
    if (outcome.kind === 'deleted' || outcome.kind === 'alreadyGone') {
      services.model.removeAsset(job.indexId, job.assetId, outcome.kind === 'deleted');
    }
  };
  const outcome = await services.deleter.confirmAndDelete(targets, confirmInModal, () => services.connection.client(), {
    concurrency: deleteConcurrencySetting(),
    ignored,
    execute: (deleteAll, count) =>
      count === 1 ? deleteAll({ onSettled }) : withProgressAndCancel(count, deleteAll, onSettled),
  });
  switch (outcome.kind) {
    case 'ran':
      return outcome.results.length === 1
        ? reportOne(outcome.results[0], services)
        : reportMany(outcome.results, services);
    case 'failed':
      await showError(services.log, vscode.l10n.t('Nothing was deleted. {0}', outcome.error.message), outcome.error);
      return;
    case 'notConfirmed':
    case 'alreadyInProgress':
      return;
  }
}

function withProgressAndCancel(
  total: number,
  deleteAll: (control: RunControl) => Promise<ItemResult<DeleteTarget>[]>,
  onSettled: (result: ItemResult<DeleteTarget>) => void,
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
        return deleteAll({
          signal: cancel.signal,
          onSettled: (result) => {
            onSettled(result);
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
