import * as vscode from 'vscode';
import { AssetNode, TreeNode } from '../../core/accountTree';
import { TwelveLabsError, isTwelveLabsError, messageOf } from '../../core/api/errors';
import { ItemResult } from '../../core/bulkDelete';
import { Confirm, RunControl, tally } from '../../core/deleteFlow';
import { DeleteTarget, assetName, deleteResultMessage, deleteSummary, indexName } from '../../core/present';
import { deleteConcurrencySetting } from '../connection';
import { COMMAND, FROM_SELECTION } from '../contributions';
import { pickAssetsToDelete } from '../pickers';
import { Services } from '../services';
import { isAssetNode } from '../treeArguments';

/** The modal; only its "Delete" button confirms. Escape and Cancel resolve false. */
const confirmInModal: Confirm = async ({ message, detail, confirmLabel }) =>
  (await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel)) === confirmLabel;

const SET_API_KEY = 'Set API Key...';
const SHOW_DETAILS = 'Show Details';

function isFromSelection(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as typeof FROM_SELECTION).fromSelection === true;
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
      : [clicked, ...(Array.isArray(selection) ? selection : [])].filter((row, i, all) => all.indexOf(row) === i);
    const assets = rows.filter(isAssetNode);
    if (assets.length === 0) {
      void vscode.window.showInformationMessage('Select one or more indexed assets to delete.');
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
      return outcome.results.length === 1 ? reportOne(outcome.results[0]) : reportMany(outcome.results, services);
    case 'failed':
      return showError(`Nothing was deleted. ${outcome.error.message}`, outcome.error);
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
      { location: vscode.ProgressLocation.Notification, title: 'TwelveLabs', cancellable: true },
      (progress, token) => {
        const cancel = new AbortController();
        const subscription = token.onCancellationRequested(() => cancel.abort());
        let settled = 0;
        progress.report({ message: `Deleting 1 of ${total}…` });
        return deleteAll({
          signal: cancel.signal,
          onSettled: (result) => {
            onSettled(result);
            settled++;
            progress.report({
              message: cancel.signal.aborted
                ? `Cancelling… ${settled} of ${total} settled`
                : `Deleting ${Math.min(settled + 1, total)} of ${total}…`,
              increment: 100 / total,
            });
          },
        }).finally(() => subscription.dispose());
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
    await showError(`Could not list your indexed assets. ${messageOf(error)}`, error);
    return undefined;
  }
}

async function reportOne({ job, outcome }: ItemResult<DeleteTarget>): Promise<void> {
  const message = deleteResultMessage(job, outcome);
  if (message?.tone === 'status') {
    vscode.window.setStatusBarMessage(message.text, 5000);
  } else if (message?.tone === 'information') {
    void vscode.window.showInformationMessage(message.text);
  } else if (message?.tone === 'error') {
    await showError(message.text, message.error);
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
      services.log.error(
        `Could not delete “${job.assetName}” (${job.assetId}) from “${job.indexName}”: ${outcome.error.message}`,
      );
    } else if (outcome.kind === 'cancelled') {
      services.log.warn(`Cancelled before deleting “${job.assetName}” (${job.assetId}) from “${job.indexName}”.`);
    }
  }
  if ((await vscode.window.showWarningMessage(summary, SHOW_DETAILS)) === SHOW_DETAILS) {
    services.log.show(true);
  }
}

/** An error message, with a way to fix the key when that is the problem. */
async function showError(text: string, error: unknown): Promise<void> {
  const keyProblem = isTwelveLabsError(error, 'invalidKey') || isTwelveLabsError(error, 'noKey');
  const choice = await vscode.window.showErrorMessage(text, ...(keyProblem ? [SET_API_KEY] : []));
  if (choice === SET_API_KEY) {
    await vscode.commands.executeCommand(COMMAND.setApiKey);
  }
}
