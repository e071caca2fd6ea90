import * as vscode from 'vscode';
import { AssetNode } from '../../core/accountTree';
import { TwelveLabsError, isTwelveLabsError, messageOf } from '../../core/api/errors';
import { Confirm, DeleteOutcome } from '../../core/deleteFlow';
import { DeleteTarget, assetName, indexName } from '../../core/present';
import { COMMAND } from '../contributions';
import { pickAssetToDelete } from '../pickers';
import { Services } from '../services';

/** The modal; only its "Delete" button confirms. Escape and Cancel resolve false. */
const confirmInModal: Confirm = async ({ message, detail, confirmLabel }) =>
  (await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel)) === confirmLabel;

function isAssetNode(value: unknown): value is AssetNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'asset';
}

function targetOf(node: AssetNode): DeleteTarget {
  return {
    indexId: node.parent.index._id,
    indexName: indexName(node.parent.index),
    assetId: node.asset._id,
    assetName: assetName(node.asset),
  };
}

export function registerDeleteIndexedAsset(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.deleteIndexedAsset, async (node?: unknown) => {
    const target = isAssetNode(node) ? targetOf(node) : await pickFromPalette(services);
    if (target === undefined) {
      return;
    }
    const outcome = await services.deleter.confirmAndDelete(target, confirmInModal, () => services.connection.client());
    await report(outcome, target, services);
  });
}

async function pickFromPalette(services: Services): Promise<DeleteTarget | undefined> {
  try {
    const picked = await pickAssetToDelete(await services.connection.client());
    if (picked instanceof TwelveLabsError) {
      throw picked;
    }
    return picked;
  } catch (error) {
    await showError('Could not list your indexed assets.', error);
    return undefined;
  }
}

async function report(outcome: DeleteOutcome, target: DeleteTarget, services: Services): Promise<void> {
  switch (outcome.kind) {
    case 'deleted':
      services.model.removeAsset(target.indexId, target.assetId, true);
      vscode.window.setStatusBarMessage(`Deleted “${target.assetName}” from TwelveLabs.`, 5000);
      return;
    case 'alreadyGone':
      services.model.removeAsset(target.indexId, target.assetId, false);
      void vscode.window.showInformationMessage(`“${target.assetName}” was already deleted from TwelveLabs.`);
      return;
    case 'failed': {
      // After a cut or timed-out DELETE, TwelveLabs may still have done it.
      const unsure = outcome.error.kind === 'network' || outcome.error.kind === 'timeout';
      const prefix = unsure ? `Could not confirm the delete of “${target.assetName}”.` : `Could not delete “${target.assetName}”.`;
      await showError(prefix, outcome.error, unsure ? ' Refresh the view to see whether it is gone.' : '');
      return;
    }
    case 'notConfirmed':
    case 'alreadyInProgress':
      return;
  }
}

const SET_API_KEY = 'Set API Key...';

/** An error message, with a way to fix the key when that is the problem. */
async function showError(prefix: string, error: unknown, suffix = ''): Promise<void> {
  const keyProblem = isTwelveLabsError(error, 'invalidKey') || isTwelveLabsError(error, 'noKey');
  const choice = await vscode.window.showErrorMessage(
    `${prefix} ${messageOf(error)}${suffix}`,
    ...(keyProblem ? [SET_API_KEY] : []),
  );
  if (choice === SET_API_KEY) {
    await vscode.commands.executeCommand(COMMAND.setApiKey);
  }
}
