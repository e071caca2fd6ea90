import * as vscode from 'vscode';
import { AccountTree, TreeNode } from '../../core/accountTree';
import { toTreeItem } from './treeItems';

/** Adapts the VS Code-free AccountTree to a TreeDataProvider. */
export class IndexesTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: AccountTree) {
    this.subscription = model.onDidChange((node) => {
      this.changed.fire(node);
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node, node.kind === 'index' ? this.model.assetFilterOf(node.index._id) : undefined);
  }

  /** Lets VS Code reveal a row, e.g. to select it. */
  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'index' ? undefined : node.parent;
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> {
    return this.model.children(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
