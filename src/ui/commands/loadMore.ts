import * as vscode from 'vscode';
import { AccountTree, LoadMoreNode, MessageNode } from '../../core/accountTree';
import { COMMAND, VIEW_ID } from '../contributions';

export function registerLoadMore(model: AccountTree): vscode.Disposable {
  return vscode.commands.registerCommand(COMMAND.loadMore, async (node?: LoadMoreNode | MessageNode) => {
    if (node?.kind !== 'loadMore' && node?.kind !== 'message') {
      return;
    }
    await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => model.loadMore(node));
  });
}
