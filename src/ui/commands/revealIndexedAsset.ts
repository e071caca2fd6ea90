import * as vscode from 'vscode';
import { locateIndexedAsset } from '../../core/locate';
import { referenceIndexName } from '../../core/presentAssets';
import { VIEW_ID } from '../contributions';
import { Handler, Services } from '../services';
import { isReferenceNode } from '../treeArguments';

/** From a row under an uploaded asset in the Assets view: selects that indexed asset in the Indexes view. */
export function revealIndexedAsset({ model, view }: Services): Handler {
  return async (row?: unknown) => {
    if (!isReferenceNode(row)) {
      return;
    }
    const { indexId, _id: assetId } = row.reference;
    const found = await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
      locateIndexedAsset(model, indexId, assetId),
    );
    if (found === undefined) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'The index “{0}” is not in the Indexes view. Its filter may hide it.',
          referenceIndexName(row.reference),
        ),
      );
      return;
    }
    await view.reveal(found, { select: true, focus: true, expand: found.kind === 'index' });
    if (found.kind === 'index') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'The indexed asset is not among the rows of “{0}”: its filter may hide it, or it was deleted.',
          referenceIndexName(row.reference),
        ),
      );
    }
  };
}
