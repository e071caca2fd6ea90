import * as vscode from 'vscode';
import { messageOf } from '../../core/api/errors';
import { DetailsTarget } from '../../core/details';
import { assetName, indexName } from '../../core/present';
import { ASSETS_VIEW_ID, VIEW_ID } from '../contributions';
import { showError } from '../notify';
import { Handler, Services } from '../services';
import { sourceAssetName } from '../../core/presentAssets';
import { isAssetNode, isIndexNode, isSourceAssetNode } from '../treeArguments';

/** From an index, indexed asset or uploaded asset row: opens what the API says about it, as read-only JSON. */
export function showDetails({ details, log }: Services): Handler {
  return async (row?: unknown) => {
    const shown = detailsOf(row);
    if (shown === undefined) {
      return;
    }
    let uri: vscode.Uri;
    try {
      uri = await vscode.window.withProgress({ location: { viewId: shown.viewId } }, () => details.load(shown.target));
    } catch (error) {
      await showError(
        log,
        vscode.l10n.t('Could not load the details of “{0}”. {1}', shown.name, messageOf(error)),
        error,
      );
      return;
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  };
}

function detailsOf(row: unknown): { target: DetailsTarget; name: string; viewId: string } | undefined {
  if (isAssetNode(row)) {
    const target = { indexId: row.parent.index._id, assetId: row.asset._id };
    return { target, name: assetName(row.asset), viewId: VIEW_ID };
  }
  if (isIndexNode(row)) {
    return { target: { indexId: row.index._id }, name: indexName(row.index), viewId: VIEW_ID };
  }
  if (isSourceAssetNode(row)) {
    return { target: { uploadId: row.asset._id }, name: sourceAssetName(row.asset), viewId: ASSETS_VIEW_ID };
  }
  return undefined;
}
