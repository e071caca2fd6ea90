import * as vscode from 'vscode';
import { AccountTree, TreeNode } from '../core/accountTree';
import { StatusPoller } from '../core/statusPoller';
import { Connection, liveStatusIntervalMs } from './connection';
import { SETTING } from './contributions';

/** Polls indexing assets only while the view is on screen and the window has focus. */
export function startLiveStatus(
  model: AccountTree,
  connection: Connection,
  view: vscode.TreeView<TreeNode>,
): vscode.Disposable {
  const poller = new StatusPoller(model, () => connection.client(), liveStatusIntervalMs);
  const update = (): void => {
    poller.setActive(view.visible && vscode.window.state.focused);
  };
  update();
  const subscriptions = [
    view.onDidChangeVisibility(update),
    vscode.window.onDidChangeWindowState(update),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTING.liveStatusInterval)) {
        update();
      }
    }),
    // A list that just loaded may hold assets still indexing.
    model.onDidLoad(() => {
      poller.wake();
    }),
  ];
  return new vscode.Disposable(() => {
    for (const subscription of subscriptions) subscription.dispose();
    poller.dispose();
  });
}
