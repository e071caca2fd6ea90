import * as vscode from 'vscode';
import { ASSETS_VIEW_ID, VIEW_ID } from '../contributions';
import { Handler, Services } from '../services';
import { isAssetsRetryableRow, isRetryableRow } from '../treeArguments';

/** Run by the trees' "Load more" and "Retry" rows. */
export function loadMore({ model, assets }: Services): Handler {
  return async (row?: unknown) => {
    if (isAssetsRetryableRow(row)) {
      await vscode.window.withProgress({ location: { viewId: ASSETS_VIEW_ID } }, () => assets.loadMore(row));
    } else if (isRetryableRow(row)) {
      await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => model.loadMore(row));
    }
  };
}
