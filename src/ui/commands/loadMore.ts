import * as vscode from 'vscode';
import { VIEW_ID } from '../contributions';
import { Handler, Services } from '../services';
import { isRetryableRow } from '../treeArguments';

/** Run by the tree's "Load more" and "Retry" rows. */
export function loadMore({ model }: Services): Handler {
  return async (row?: unknown) => {
    if (isRetryableRow(row)) {
      await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => model.loadMore(row));
    }
  };
}
